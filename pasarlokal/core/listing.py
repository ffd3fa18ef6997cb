"""Listing helpers shared by every page listing: which pages a visitor may see, and their images.

- `public(queryset)` / `live(queryset)`: the one spelling of "pages a visitor may see". Wagtail's
  `.public()` reads the view restrictions in a query of its own each time it is called; this says
  the same in a subquery of the listing's own query, so a listing costs no extra query.
- `with_image(queryset, field)` / `rendition_prefetch(lookup)`: a card's image joined to its row and
  its renditions prefetched the way Wagtail's `prefetch_renditions()` does, so the image tags find
  them without one query per card.
"""

import copy

from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef, Subquery
from django.db.models.lookups import StartsWith

from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction


def public(queryset):
    """`queryset` without pages under a view restriction (password, login, groups)."""
    # The restricted page's path is looked up by its key for each (rare) restriction; a join to
    # the page table let SQLite scan every page for every listed row (5 s at 10,000 products).
    restricted_path = Page.objects.filter(pk=OuterRef("page_id")).values("path")[:1]
    restricted = PageViewRestriction.objects.annotate(
        restricted_path=Subquery(restricted_path, output_field=CharField())
    ).filter(
        StartsWith(
            ExpressionWrapper(OuterRef("path"), output_field=CharField()), F("restricted_path")
        )
    )
    return queryset.exclude(Exists(restricted))


def live(queryset):
    """Live pages a visitor may see."""
    return public(queryset.live())


def rendition_prefetch(lookup, *filters):
    """Wagtail's `prefetch_renditions(*filters)` for the image at `lookup` of another model."""
    images = get_image_model().objects.prefetch_renditions(*filters)
    (prefetch,) = images._prefetch_related_lookups
    prefetch = copy.copy(prefetch)
    prefetch.add_prefix(lookup)
    return prefetch


def with_image(queryset, field, *filters):
    """`queryset` with the image FK `field` joined and its renditions prefetched."""
    return queryset.select_related(field).prefetch_related(rendition_prefetch(field, *filters))
