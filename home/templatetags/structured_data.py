"""JSON-LD for search engines, beside the product's Product/Offer (marketplace.seo): Event,
Store, NewsArticle, BreadcrumbList, and Organization + WebSite with a SearchAction on the home page.

Absolute URLs come from the configured Wagtail Site (its hostname and port), never from the
request's Host header, so a page fetched as localhost still names the public host.
"""

from django import template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html, strip_tags
from django.utils.text import Truncator

from wagtail.models import Site

from home.routing import content_language
from marketplace.seo import LD_IMAGE_SPEC, json_script_ld
from pasarlokal.core.renditions import rendition_url

register = template.Library()


def site_root(request):
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def absolute(request, url):
    if not url or url.startswith(("http://", "https://")):
        return url
    root = site_root(request)
    if not root and request is not None:  # no Wagtail Site yet (a bare database)
        return request.build_absolute_uri(url)
    return root + url


def _script(data):
    return format_html('<script type="application/ld+json">{}</script>', json_script_ld(data))


def _image(request, image):
    return absolute(request, rendition_url(image, LD_IMAGE_SPEC))


@register.simple_tag(takes_context=True)
def site_url(context, path=""):
    """An absolute URL on the configured site, e.g. for hreflang and og:image."""
    return absolute(context.get("request"), path)


@register.simple_tag(takes_context=True)
def breadcrumb_ld(context, breadcrumbs):
    """BreadcrumbList from a list of {"title", "url"} (the last one, the current page, url None)."""
    request = context.get("request")
    page = context.get("page")
    items = []
    for position, crumb in enumerate(breadcrumbs, start=1):
        url = crumb.get("url") or (page.get_full_url(request) if page else None)
        item = {"@type": "ListItem", "position": position, "name": str(crumb["title"])}
        if url:
            item["item"] = absolute(request, url)
        items.append(item)
    return _script(
        {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}
    )


@register.simple_tag(takes_context=True)
def event_ld(context, event):
    request = context.get("request")
    place = {"@type": "Place", "name": event.venue}
    address = {"@type": "PostalAddress", "addressCountry": "ID"}
    if event.address:
        address["streetAddress"] = event.address
    if event.region_id:
        address["addressRegion"] = event.region.name
    place["address"] = address
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": event.get_full_url(request),
        # WITA wall-clock times with their +08:00 offset.
        "startDate": timezone.localtime(event.start).isoformat(),
        "endDate": timezone.localtime(event.end).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place,
        "description": Truncator(strip_tags(event.intro or "")).chars(300),
    }
    image = _image(request, event.hero_image)
    if image:
        data["image"] = [image]
    if event.organiser:
        data["organizer"] = {"@type": "Organization", "name": event.organiser}
    return _script(data)


@register.simple_tag(takes_context=True)
def store_ld(context, seller):
    request = context.get("request")
    address = {"@type": "PostalAddress", "addressCountry": "ID"}
    if seller.address:
        address["streetAddress"] = " ".join(seller.address.split())
    if seller.region_id:
        address["addressRegion"] = seller.region.name
    data = {
        "@context": "https://schema.org",
        "@type": "Store",
        "name": seller.title,
        "url": seller.get_full_url(request),
        "address": address,
    }
    if seller.region_id:
        data["areaServed"] = seller.region.name
    if seller.whatsapp:
        data["telephone"] = f"+{seller.whatsapp}"
    logo = _image(request, seller.logo)
    if logo:
        data["image"] = logo
    links = [url for _name, url in seller.social_links]
    if links:
        data["sameAs"] = links
    return _script(data)


@register.simple_tag(takes_context=True)
def article_ld(context, story):
    request = context.get("request")
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": Truncator(story.title).chars(110),
        "url": story.get_full_url(request),
        "mainEntityOfPage": story.get_full_url(request),
        "datePublished": story.date.isoformat(),
        "description": Truncator(strip_tags(story.intro or "")).chars(300),
        "publisher": {"@type": "Organization", "name": "Pasar Lokal"},
    }
    if story.last_published_at:
        data["dateModified"] = timezone.localtime(story.last_published_at).isoformat()
    image = _image(request, story.hero_image)
    if image:
        data["image"] = [image]
    if story.author_id:
        data["author"] = {"@type": "Person", "name": story.author.name}
    return _script(data)


@register.simple_tag(takes_context=True)
def site_ld(context, organisation=""):
    """Organization and WebSite (with the site search as a SearchAction), for the home page."""
    request = context.get("request")
    home = absolute(request, "/")
    search = absolute(request, reverse("search"))
    organisation_data = {
        "@type": "Organization",
        "@id": f"{home}#organization",
        "name": organisation or "Pasar Lokal",
        "url": home,
        "logo": absolute(request, _static("img/logo-512.png")),
    }
    website = {
        "@type": "WebSite",
        "@id": f"{home}#website",
        "name": "Pasar Lokal",
        "url": home,
        "publisher": {"@id": f"{home}#organization"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
    return _script({"@context": "https://schema.org", "@graph": [organisation_data, website]})


def _static(path):
    from django.templatetags.static import static

    return static(path)


@register.simple_tag(takes_context=True)
def canonical_url(context, page):
    """The page's own address: a page served in Indonesian under /en/ (no translation) is the
    Indonesian page, so its canonical URL is the Indonesian one, not the /en/ path it was read at."""
    request = context.get("request")
    if request is not None and content_language(request) != translation.get_language():
        with translation.override(content_language(request)):
            return page.get_full_url(request)
    return page.get_full_url(request)
