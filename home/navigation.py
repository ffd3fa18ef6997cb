"""The main navigation and language switcher shown on every page."""

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from wagtail.models import Site

from pasarlokal.core.caching import PAGE_TREE, cached


def main_navigation(request):
    """Live children of the site's home page marked "show in menus", cached per site and language."""
    site = Site.find_for_request(request)
    if site is None:
        return []

    def compute():
        return [
            {"title": page.title, "url": page.get_url(request)}
            for page in site.root_page.get_children().live().public().in_menu().order_by("path")
        ]

    items = cached("nav", [site.pk, translation.get_language()], compute, 60 * 60, [PAGE_TREE])
    path = request.path
    return [
        dict(item, current=bool(item["url"]) and path.startswith(item["url"])) for item in items
    ]


def language_links(request):
    current = translation.get_language()
    full_path = request.get_full_path()
    links = []
    for code, name in settings.LANGUAGES:
        links.append(
            {
                "code": code,
                "name": name,
                "url": translate_url(full_path, code),
                "current": code == current,
            }
        )
    return links
