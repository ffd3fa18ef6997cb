from django.utils.functional import SimpleLazyObject

from .navigation import impact_link, language_links, main_navigation
from .routing import content_language


def site_chrome(request):
    return {
        "nav_items": SimpleLazyObject(lambda: main_navigation(request)),
        "language_links": SimpleLazyObject(lambda: language_links(request)),
        "content_language": content_language(request),
        "impact_link": SimpleLazyObject(lambda: impact_link(request)),
    }
