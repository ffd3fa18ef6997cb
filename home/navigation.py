"""The main navigation and language switcher shown on every page."""

import time

from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils import translation

from wagtail.models import Site

NAV_VERSION_KEY = "pasarlokal:nav-version"


def main_navigation(request):
    """Live children of the site's home page marked "show in menus", cached per site and language."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    version = cache.get(NAV_VERSION_KEY, 0)
    key = f"pasarlokal:nav:{site.pk}:{translation.get_language()}:{version}"
    items = cache.get(key)
    if items is None:
        root = site.root_page
        items = [
            {"title": page.title, "url": page.get_url(request)}
            for page in root.get_children().live().public().in_menu().order_by("path")
        ]
        cache.set(key, items, 60 * 60)
    path = request.path
    return [
        dict(item, current=bool(item["url"]) and path.startswith(item["url"])) for item in items
    ]


def forget_navigation(**kwargs):
    cache.set(NAV_VERSION_KEY, time.time_ns(), None)


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


def impact_link(request):
    """The public impact page (/dampak/) for the footer, cached like the navigation.

    Found by its page type's name, so home does not import the impact app (which reads every
    domain, home included).
    """
    site = Site.find_for_request(request)
    if site is None:
        return None
    version = cache.get(NAV_VERSION_KEY, 0)
    key = f"pasarlokal:impact-link:{site.pk}:{translation.get_language()}:{version}"
    link = cache.get(key)
    if link is None:
        page = (
            site.root_page.get_descendants()
            .live()
            .public()
            .filter(content_type__app_label="impact", content_type__model="impactpage")
            .first()
        )
        link = {"title": page.title, "url": page.get_url(request)} if page else {}
        cache.set(key, link, 60 * 60)
    return link or None
