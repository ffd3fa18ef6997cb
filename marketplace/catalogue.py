"""The catalogue: every live product, faceted."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .products import ProductPage

PRODUCTS_PER_PAGE = 24


def live_products():
    """The base queryset every product listing starts from."""
    return (
        ProductPage.objects.live()
        .public()
        .select_related("category__sector", "seller__region", "origin_region", "stock")
        .prefetch_related("gallery_images__image")
    )


class CatalogueIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("catalogue")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["products"] = live_products().order_by("-first_published_at")[:PRODUCTS_PER_PAGE]
        return context
