"""The catalogue: every live product, faceted, sorted and paginated from the query string."""

from django.db import DatabaseError
from django.db.models import Case, Value, When
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from pasarlokal.core.pagination import paginate

from .breadcrumbs import catalogue_trail, home_crumb, with_current
from .facets import (
    CATEGORY,
    PRICE,
    RELEVANCE_SORT,
    SECTOR,
    SORTS,
    CatalogueFilters,
    availabilities,
    build_facets,
)
from .products import PRODUCTS_PER_PAGE, ProductPage
from .taxonomy import taxonomy_snapshot


def live_products(base=None):
    """Listed products as cards (`base`: a ProductPage queryset to start from)."""
    return (ProductPage.objects.listed() if base is None else base).cards()


SEARCH_LIMIT = 500  # the best matches a catalogue text search narrows to


def search_product_ids(query):
    """Ids of the live products matching `query`, best first (one search query)."""
    try:
        results = ProductPage.objects.live().search(query, operator="and")[:SEARCH_LIMIT]
        return [product.pk for product in results]
    except DatabaseError:  # a backend hiccup is "nothing found", never a 500
        return []


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
        relevance = None
        if filters.query:
            # The text search narrows the catalogue; facets, sort and paging then work as usual.
            matches = search_product_ids(filters.query)
            base = base.filter(pk__in=matches)
            relevance = Case(
                *[When(pk=pk, then=Value(rank)) for rank, pk in enumerate(matches)],
                default=Value(len(matches)),
            )
        facets, total = build_facets(base, filters, taxonomy)
        products = live_products(base.filter(filters.q()))
        if filters.sort == RELEVANCE_SORT and relevance is not None:
            products = products.order_by(relevance, "pk")
        else:
            products = products.order_by(*filters.ordering)
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
                # A chosen price range already shows as its own chip; typed bounds get one too.
                "typed_price": filters.has_price
                and not any(f.key == PRICE and f.any_selected for f in facets),
                "total": total,
                "products": page.object_list,
                "page_obj": page,
                "sector": filters.sector,
                "category": filters.category,
                "sorts": ([(RELEVANCE_SORT, _("Best match"))] if filters.query else [])
                + [(key, label) for key, (label, _ordering) in SORTS.items()],
                "query": filters.query,
                "availabilities": availabilities(),
            }
        )
        return context
