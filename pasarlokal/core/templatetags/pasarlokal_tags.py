import hashlib

from django import template
from django.conf import settings
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from pasarlokal.core import pagecache
from pasarlokal.core.money import format_rupiah
from pasarlokal.core.phone import display_phone

register = template.Library()


@register.filter
def rupiah(amount):
    """{{ 150000|rupiah }} → Rp150.000"""
    return format_rupiah(amount)


@register.filter
def phone_display(number):
    return display_phone(number)


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """{% breadcrumbs %}: the trail in the context's `breadcrumbs` (a list of {"title", "url"}),
    or else the page's ancestors below the root, then the page itself (not a link)."""
    trail = context.get("breadcrumbs")
    page = context.get("page")
    if trail is None and page is not None:
        request = context.get("request")
        trail = [
            {"title": _("Home") if crumb.depth == 2 else crumb.title, "url": crumb.get_url(request)}
            for crumb in page.get_ancestors()[1:]
        ]
        trail.append({"title": page.title, "url": None})
    # request and page for the BreadcrumbList JSON-LD beside the visible trail.
    return {"breadcrumbs": trail, "request": context.get("request"), "page": page}


@register.simple_tag
def wagtail_site_name():
    """The name the admin is branded with (settings.WAGTAIL_SITE_NAME), e.g. in its <title>."""
    return settings.WAGTAIL_SITE_NAME


@register.simple_tag(takes_context=True)
def include_per_version(context, template_name, *key):
    """{% include_per_version "components/footer.html" %}: an include rendered once per
    page-cache version, day, scheme and host, language and `key` in each app process while
    anonymous pages are served (pagecache.per_version), every time elsewhere (logged in, admin,
    DEBUG).

    Only for includes that show nothing but `key` and site-wide facts whose changes move the
    version (site settings, menus, taxonomy, published pages, stock): never a form token, the
    request's path or anything of the visitor's."""
    template = context.template.engine.get_template(template_name)
    request = context.get("request")
    if request is None or settings.DEBUG or not pagecache.serving_anonymous():
        return template.render(context)
    # Per host, not per Wagtail site: views outside the page tree (search, cart) find no site.
    # And per day: dates shown (a certificate's expiry, the footer's year) move without a change.
    host = (request.scheme, request.get_host())
    parts = (template_name, *host, translation.get_language(), timezone.localdate(), *key)
    name = "include:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return mark_safe(pagecache.per_version_bounded(name, lambda: str(template.render(context))))
