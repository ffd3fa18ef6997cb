"""The catalogue: every live product, faceted, sorted and paginated from the query string."""

from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from pasarlokal.core.pagination import paginate

from .breadcrumbs import catalogue_trail, home_crumb, with_current
from .facets import AVAILABILITIES, CATEGORY, SECTOR, SORTS, CatalogueFilters, build_facets
from .products import PRODUCTS_PER_PAGE, ProductPage
from .taxonomy import taxonomy_snapshot


def live_products(base=None):
    """Listed products as cards (`base`: a ProductPage queryset to start from)."""
    return (ProductPage.objects.listed() if base is None else base).cards()


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
        taxonomy = taxonomy_snapshot()
        filters = CatalogueFilters.from_request(request, taxonomy)
        base = ProductPage.objects.listed()
        facets, total = build_facets(base, filters, taxonomy)
        products = live_products(base.filter(filters.q())).order_by(*filters.ordering)
        page = paginate(request, products, PRODUCTS_PER_PAGE, count=total)
        url = self.get_url(request)
        if filters.category:
            trail = with_current(
                catalogue_trail(url, self.title, filters.sector), filters.category.name
            )
        elif filters.sector:
            trail = with_current(catalogue_trail(url, self.title), filters.sector.name)
        else:
            trail = with_current([home_crumb()], self.title)
        # A sector (or category) landing is its own canonical page; other filters are not.
        landing = {}
        if filters.sector:
            landing[SECTOR] = filters.sector.slug
        if filters.category:
            landing[CATEGORY] = filters.category.slug
        context.update(
            {
                "canonical_query": f"?{urlencode(landing)}" if landing else "",
                "breadcrumbs": trail,
                "filters": filters,
                "facets": facets,
                "total": total,
                "products": page.object_list,
                "page_obj": page,
                "sector": filters.sector,
                "category": filters.category,
                "sorts": [(key, label) for key, (label, _ordering) in SORTS.items()],
                "availabilities": AVAILABILITIES,
            }
        )
        return context
