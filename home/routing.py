"""Serving a page in the visitor's language, or honestly in Indonesian when it has no translation.

`/en/<path>` is routed through the English tree (the translations of the site's home page and
its descendants). When a page has no English translation, the Indonesian page at the same path
is served instead, never a 404: the navigation stays English and the page's content carries
`lang="id"` with a short note (`request.content_language`, read by base.html).
"""

import contextvars
import copy
import functools

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation

from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from marketplace.translations import fallback_url
from pasarlokal.core import pagecache


def content_language(request):
    """The language of the served page's content (the UI language unless it fell back)."""
    return getattr(request, "content_language", None) or translation.get_language()


def translated_root(site, language):
    """The site's home page in `language` (from Wagtail's cached root paths), or None."""
    for root in Site.get_site_root_paths():
        if root.site_id == site.pk and root.language_code == language:
            # Translations share the page type: one query for the specific page.
            return home_class(site).objects.filter(url_path=root.root_path).first()
    return None


def _site_and_home_class(request):
    """Wagtail's site for the request and its home page's specific class (one query)."""
    site = Site.find_for_request(request)
    return site, site.root_page.specific_class if site is not None else None


def find_site(request):
    """The request's Site, as `Site.find_for_request`.

    Serving an anonymous page, the site is kept per page-cache version (saving a Site moves it)
    with its home page's class, and each request gets its own copy: no query for the site, and
    one instead of two for its home page (home_page)."""
    if hasattr(request, "_wagtail_site") or not pagecache.serving_anonymous():
        return Site.find_for_request(request)
    host = split_domain_port(request._get_raw_host())[0]  # an allowed host (page cache key)
    kept, kept_home_class = pagecache.per_version(
        f"site:{host}:{request.get_port()}", lambda: _site_and_home_class(request)
    )
    site = None
    if kept is not None:
        site = copy.copy(kept)
        site._state.fields_cache = {}  # its own home page, not the kept one
        site.home_class = kept_home_class
    request._wagtail_site = site
    return site


def home_class(site):
    return getattr(site, "home_class", None) or site.root_page.specific_class


def home_page(site):
    """The site's home page, specific."""
    if not hasattr(site, "home_class"):
        return site.root_page.specific
    site.root_page = site.home_class.objects.get(pk=site.root_page_id)
    return site.root_page


def route(request, path):
    """Wagtail's route for `path` in the visitor's language (see the module docstring).

    Serving an anonymous page, the route (the page with everything its routing loaded: parents,
    seller, stock) is kept per page-cache version, pickled, and each request unpickles its own
    copy: a page seen since the last change is found without a query. Any page, stock record,
    taxonomy term or site saved moves the version (home/page_cache)."""
    site = find_site(request)
    if site is None:
        raise Http404
    if not pagecache.serving_anonymous():
        return _route(request, site, path)

    def compute():
        return _route(request, site, path), request.content_language

    result, request.content_language = pagecache.per_version_copied(
        f"route:{site.pk}:{translation.get_language()}:{path}", compute
    )
    return result


def _route(request, site, path):
    components = [component for component in path.split("/") if component]
    language = translation.get_language()
    if language != settings.LANGUAGE_CODE:
        root = translated_root(site, language)
        if root is not None:
            try:
                result = root.route(request, components)
            except Http404:
                pass
            else:
                # A parent copied untranslated for a translated child (a wagtail-localize alias,
                # kept in step with its source) shows Indonesian content: say so.
                aliased = getattr(result[0], "alias_of_id", None)
                request.content_language = settings.LANGUAGE_CODE if aliased else language
                return result
    request.content_language = settings.LANGUAGE_CODE
    return home_page(site).route(request, components)


def serve(request, path):
    """Wagtail's serve view, routed as described above (its hooks and checks unchanged)."""
    if not hasattr(request, "_wagtail_route_for_request"):
        try:
            request._wagtail_route_for_request = route(request, path)
        except Http404:
            request._wagtail_route_for_request = None
    return wagtail_views.serve(request, path)


def forget_site_roots(sender, instance, **kwargs):
    """A new translation of a site's home page is a new root for its language: Wagtail keeps
    the roots cached and only forgets them when a Site changes."""
    if getattr(instance, "depth", None) == 2:
        Site.clear_site_root_paths_cache()


# The language prefix of the public URL being served (None outside such a request).
_visitor_language = contextvars.ContextVar("visitor_language", default=None)


class VisitorLanguageMiddleware:
    """Remembers, for the length of a request, the language its URL is prefixed with (/en/…).

    Page links built meanwhile keep that prefix (see `_keep_visitors_language`); outside such a
    request (admin, e-mails, tasks, tests after an English request left English active in the
    thread) Wagtail's own URLs are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info)
        token = _visitor_language.set(language)
        try:
            return self.get_response(request)
        finally:
            _visitor_language.reset(token)


def connect():
    Page.get_url_parts = _keep_visitors_language(Page.get_url_parts)
    post_save.connect(forget_site_roots, dispatch_uid="home.routing.forget_site_roots")
    post_delete.connect(forget_site_roots, dispatch_uid="home.routing.forget_site_roots_delete")


def _keep_visitors_language(get_url_parts):
    """Page URLs follow the page's locale (Wagtail); a default-locale page linked while the
    visitor reads another language keeps that language's prefix instead (/en/katalog/), which
    serves its translation or, failing that, the Indonesian page with English navigation."""

    @functools.wraps(get_url_parts)
    def wrapped(self, request=None):
        parts = get_url_parts(self, request)
        if parts is None:
            return None
        site_id, root_url, page_path = parts
        language = _visitor_language.get()
        if (
            page_path
            and language
            and language != settings.LANGUAGE_CODE
            and translation.get_language() == language  # not inside override("id"), e-mails
        ):
            page_path = fallback_url(page_path, language)  # unchanged when already prefixed
        return site_id, root_url, page_path

    return wrapped
