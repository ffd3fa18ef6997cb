"""The main navigation and language switcher shown on every page."""

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from wagtail.models import Page, Site

from marketplace.translations import fallback_url, live_translations
from pasarlokal.core.caching import PAGE_TREE, cached


def served_page(request):
    """The Wagtail page this request is serving, if any (routed by home.routing)."""
    result = getattr(request, "_wagtail_route_for_request", None)
    return result[0] if result else None


def page_translations(page, request):
    """{language code: URL} of the live versions of `page`, cached with the page tree."""
    if page is None or page.pk is None:
        return {}

    def compute():
        urls = {}
        # Not the untranslated copies (aliases) of parents made for a translated child page.
        others = page.get_translations(inclusive=True).filter(alias_of__isnull=True)
        for other in others.live().select_related("locale"):
            language = other.locale.language_code
            with translation.override(language):
                urls[language] = other.get_url(request)
        return urls

    site = Site.find_for_request(request)
    parts = [site.pk if site else 0, page.translation_key]
    return cached("page-languages", parts, compute, 60 * 60, [PAGE_TREE])


def main_navigation(request):
    """Live children of the site's home page marked "show in menus", cached per site and language."""
    site = Site.find_for_request(request)
    if site is None:
        return []

    def compute():
        # The default-language menu, each item in the visitor's language where translated.
        language = translation.get_language()
        pages = list(site.root_page.get_children().live().public().in_menu().order_by("path"))
        translated = {}
        if language != settings.LANGUAGE_CODE:
            translated = live_translations(Page, pages, language, "title")
        items = []
        for page in pages:
            other = translated.get(page.translation_key)
            if other is not None:
                items.append({"title": other.title, "url": other.get_url(request)})
            else:
                url = fallback_url(page.get_url(request), language)
                fallback = language != settings.LANGUAGE_CODE
                items.append(
                    {
                        "title": page.title,
                        "url": url,
                        "lang": settings.LANGUAGE_CODE if fallback else "",
                    }
                )
        return items

    items = cached("nav", [site.pk, translation.get_language()], compute, 60 * 60, [PAGE_TREE])
    path = request.path
    return [
        dict(item, current=bool(item["url"]) and path.startswith(item["url"])) for item in items
    ]


def language_links(request):
    """The language switcher and the hreflang alternates.

    On a page, the switcher goes to the page's translation where one exists (else to the same
    path in that language, which shows the Indonesian page with English navigation); hreflang
    alternates are offered only for pages translated into every language. Other views (search,
    cart) exist in every language.
    """
    current = translation.get_language()
    full_path = request.get_full_path()
    page = served_page(request)
    translations = page_translations(page, request)
    query = request.META.get("QUERY_STRING", "")
    complete = page is None or all(code in translations for code, _ in settings.LANGUAGES)
    links = []
    for code, name in settings.LANGUAGES:
        url = translations.get(code)
        if url and query:
            url = f"{url}?{query}"
        links.append(
            {
                "code": code,
                "name": name,
                "url": url or translate_url(full_path, code),
                "current": code == current,
                "alternate": complete,
            }
        )
    return links


def impact_link(request):
    """The public impact page (/dampak/) for the footer, cached like the navigation.

    Found by its page type's name, so home does not import the impact app (which reads every
    domain, home included).
    """
    site = Site.find_for_request(request)
    if site is None:
        return None

    def compute():
        page = (
            site.root_page.get_descendants()
            .live()
            .public()
            .filter(content_type__app_label="impact", content_type__model="impactpage")
            .first()
        )
        return {"title": page.title, "url": page.get_url(request)} if page else {}

    link = cached(
        "impact-link", [site.pk, translation.get_language()], compute, 60 * 60, [PAGE_TREE]
    )
    return link or None
