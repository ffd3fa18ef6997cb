"""The catalogue: every live product, faceted, sorted and paginated from the query string."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.db.models import (
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Value,
    When,
)
from django.db.models.lookups import StartsWith
from django.http import Http404
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction, Site

from home.navigation import NAV_VERSION_KEY

from .breadcrumbs import catalogue_trail, home_crumb, with_current
from .facets import (
    AVAILABILITIES,
    CATEGORY,
    RELEVANCE_SORT,
    SECTOR,
    SORTS,
    CatalogueFilters,
    build_facets,
)
from .products import ProductImage, ProductPage
from .taxonomy import taxonomy_snapshot

PRODUCTS_PER_PAGE = 24
# Beyond this a page number is nonsense, not a page that might exist.
MAX_PAGE_DIGITS = 6


def gallery_prefetch():
    """Each product's photos with their images and renditions: two queries for any number."""
    return Prefetch(
        "gallery_images",
        queryset=ProductImage.objects.select_related("image").prefetch_related("image__renditions"),
    )


def public(queryset):
    """Leave out pages under a view restriction (password, login, groups).

    Wagtail's .public() reads the restrictions in a query of its own each time it is called;
    this says the same in a subquery of the listing's own query.
    """
    restricted = PageViewRestriction.objects.filter(
        StartsWith(ExpressionWrapper(OuterRef("path"), output_field=CharField()), F("page__path"))
    )
    return queryset.exclude(Exists(restricted))


def public_products():
    return public(ProductPage.objects.live())


def live_products(base=None):
    """The base queryset every product listing starts from (cards need nothing more)."""
    if base is None:
        base = public_products()
    return (
        base.select_related("category__sector", "seller", "origin_region", "stock")
        .prefetch_related(gallery_prefetch())
        .defer("description")
    )


def catalogue_link(request):
    """(url, title) of the live catalogue page, or (None, ""). Cached with the navigation,
    which is forgotten whenever a page is published, unpublished, moved or deleted."""
    site = Site.find_for_request(request)
    version = cache.get(NAV_VERSION_KEY, 0)
    key = f"pasarlokal:catalogue-link:{site.pk if site else 0}:{get_language()}:{version}"
    link = cache.get(key)
    if link is None:
        page = CatalogueIndexPage.objects.live().first()
        link = (page.get_url(request), page.title) if page else (None, "")
        cache.set(key, link, 60 * 60)
    return link


def parse_page_number(raw):
    """page=abc, 0 or -3 mean the first page; absurdly long numbers are past the end."""
    raw = (raw or "").strip()
    if not raw.isascii() or not raw.isdigit():
        return 1
    if len(raw) > MAX_PAGE_DIGITS:
        raise Http404("No such page")
    return max(int(raw), 1)


def paginate(queryset, request, count=None, per_page=PRODUCTS_PER_PAGE):
    """One page of `queryset`; 404 past the end. `count` saves the COUNT query when known."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # cached_property: set it, and Django won't ask the database
    raw = request.GET.get("page", "")
    number = parse_page_number(raw[:20] if isinstance(raw, str) else "")
    if number > paginator.num_pages:
        raise Http404("No such page")
    page = paginator.page(number)
    page.elided_range = list(paginator.get_elided_page_range(number, on_each_side=1, on_ends=1))
    return page


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
        base = public_products()
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
        page = paginate(products, request, count=total)
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
                "sorts": ([(RELEVANCE_SORT, _("Best match"))] if filters.query else [])
                + [(key, label) for key, (label, _ordering) in SORTS.items()],
                "query": filters.query,
                "availabilities": AVAILABILITIES,
            }
        )
        return context
