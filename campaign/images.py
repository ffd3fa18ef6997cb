"""Listing helpers: load a card's image and its renditions with the rows, not one query per card."""

from django.db.models import Prefetch

from wagtail.images import get_image_model


def rendition_prefetch(lookup):
    """Prefetch every rendition of the image at `lookup`, where Wagtail's image tags look for them."""
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        f"{lookup}__renditions",
        queryset=rendition_model.objects.all(),
        to_attr="prefetched_renditions",
    )


def with_image(queryset, field):
    """`queryset` with the image FK `field` joined and its renditions prefetched."""
    return queryset.select_related(field).prefetch_related(rendition_prefetch(field))
