"""Small cached facts the home page and listings read on every visit, forgotten when they change.

- private sections: the paths of pages with view restrictions (Wagtail's `.public()` asks the
  database each time it is called; listings here call `public()` below instead);
- the pledge counter per region;
- the sector tiles with live product counts.
"""

import time

from django.core.cache import cache
from django.db.models import Q
from django.utils import translation

PRIVATE_PATHS_KEY = "pasarlokal:private-paths"
PLEDGE_COUNTS_KEY = "pasarlokal:pledge-counts"
SECTOR_TILES_VERSION_KEY = "pasarlokal:sector-tiles-version"


def private_paths():
    from wagtail.models import PageViewRestriction

    paths = cache.get(PRIVATE_PATHS_KEY)
    if paths is None:
        paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        # Short-lived too, for app servers that do not share a cache (locmem with several workers).
        cache.set(PRIVATE_PATHS_KEY, paths, 5 * 60)
    return paths


def public(queryset):
    """`queryset` without pages in private sections (like Wagtail's `.public()`, cached)."""
    paths = private_paths()
    if not paths:
        return queryset
    private = Q()
    for path in paths:
        private |= Q(path__startswith=path)
    return queryset.exclude(private)


def forget_private_paths(**kwargs):
    cache.delete(PRIVATE_PATHS_KEY)


def pledge_counts(compute):
    counts = cache.get(PLEDGE_COUNTS_KEY)
    if counts is None:
        counts = compute()
        cache.set(PLEDGE_COUNTS_KEY, counts, 5 * 60)
    return counts


def forget_pledge_counts(**kwargs):
    cache.delete(PLEDGE_COUNTS_KEY)


def sector_tiles(site_id, compute):
    """Sector tiles are the same for every visitor in one language; counts may lag by minutes."""
    version = cache.get(SECTOR_TILES_VERSION_KEY, 0)
    key = f"pasarlokal:sector-tiles:{site_id}:{translation.get_language()}:{version}"
    tiles = cache.get(key)
    if tiles is None:
        tiles = compute()
        cache.set(key, tiles, 10 * 60)
    return tiles


def forget_sector_tiles(**kwargs):
    cache.set(SECTOR_TILES_VERSION_KEY, time.time_ns(), None)


def connect():
    from django.db.models.signals import post_delete, post_save

    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from marketplace.taxonomy import Category, Region, Sector

    from .pledges import Pledge

    for signal in (post_save, post_delete):
        signal.connect(
            forget_private_paths,
            sender=PageViewRestriction,
            dispatch_uid=f"pl-private-{id(signal)}",
        )
        signal.connect(forget_pledge_counts, sender=Pledge, dispatch_uid=f"pl-pledges-{id(signal)}")
        signal.connect(forget_pledge_counts, sender=Region, dispatch_uid=f"pl-regions-{id(signal)}")
        for model in (Sector, Category):
            signal.connect(
                forget_sector_tiles,
                sender=model,
                dispatch_uid=f"pl-tiles-{model.__name__}-{id(signal)}",
            )
    post_page_move.connect(forget_private_paths, dispatch_uid="pl-private-move")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_sector_tiles, dispatch_uid=f"pl-tiles-{id(signal)}")
    post_delete.connect(forget_sector_tiles, sender=Page, dispatch_uid="pl-tiles-page-delete")
