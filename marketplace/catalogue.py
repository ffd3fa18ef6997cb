"""The catalogue: every live product, faceted, sorted and paginated from the query string."""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from pasarlokal.core import pagecache
from pasarlokal.core.pagination import paginate

from . import tally
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
    facet_counts,
)
from .products import PRODUCTS_PER_PAGE, ProductPage
from .taxonomy import taxonomy_snapshot
from .translations import (
    DEFAULT_LANGUAGE,
    active_language,
    default_locale_id,
    in_default_locale,
    source_pk_subquery,
)


def live_products(base=None, photos=True):
    """Listed products as cards (`base`: a ProductPage queryset to start from; `photos`: see
    ProductPageQuerySet.cards)."""
    return (ProductPage.objects.listed() if base is None else base).cards(photos=photos)


SEARCH_LIMIT = 500  # the best matches a catalogue text search narrows to


# On SQLite, how much more a word in the name counts than one in the description (FTS5 bm25).
TITLE_WEIGHT = 10.0

# PostgreSQL's text-search configuration for English pages' words.
ENGLISH_CONFIG = "english"


def _sqlite_ranked_products(query, limit):
    """Wagtail's SQLite backend ranks with a correlated subquery that repeats the full-text MATCH
    for every matching row (3.7 s for "kopi" at 10,000 products). The same FTS5 index ranked in
    one pass: every word must match (as `operator="and"`), names weigh TITLE_WEIGHT times the
    description, live product pages of any language as their default-locale products' ids."""
    words = query.split()
    if not words:
        return []
    match = " ".join('"' + word.replace('"', '""') + '"' for word in words)
    fts = f"{IndexEntry._meta.db_table}_fts"  # Wagtail's FTS5 table: (autocomplete, body, title)
    sql = f"""
        SELECT source.id FROM {fts}
        JOIN {IndexEntry._meta.db_table} AS entry ON entry.id = {fts}.rowid
        JOIN {Page._meta.db_table} AS page ON page.id = CAST(entry.object_id AS INTEGER)
        JOIN {Page._meta.db_table} AS source ON source.translation_key = page.translation_key
            AND source.locale_id = %s
        WHERE {fts} MATCH %s AND entry.content_type_id = %s AND page.live
        ORDER BY bm25({fts}, 0.0, 1.0, %s), page.id DESC
        LIMIT %s
    """
    content_type = ContentType.objects.get_for_model(ProductPage)
    with connection.cursor() as cursor:
        cursor.execute(sql, [default_locale_id(), match, content_type.pk, TITLE_WEIGHT, limit])
        return [row[0] for row in cursor.fetchall()]


def _postgres_index_ranking(query, limit):
    """Live product pages matching `query`, as their default-locale products' ids, best first:
    Wagtail's PostgreSQL search, ranked from its index entries alone.

    Wagtail's own query joins every product to the index (a hash of all 100,000 product keys
    at 100,000 products) and concatenates each match's two text vectors for the result before
    it ranks: 125 ms for the 14,000 matches of "kopi". Here the same match condition and rank
    expression, built by Wagtail's query compiler, run over the index entries, and each match's
    page is checked live by its key: 36 ms. Same order (rank, then newest page first)."""
    results = ProductPage.objects.search(query, operator="and")
    compiler = getattr(results, "query_compiler", None)
    if compiler is None:  # nothing left to search for (Wagtail's empty results)
        return []
    config = compiler.get_config(results.backend)
    tsquery = compiler.build_tsquery(compiler.query, config=config)
    rank = compiler._build_rank_expression(
        [(F("title"), F("title_norm")), (F("body"), 1.0)], config
    )
    page_id = Cast("object_id", IntegerField())
    page_translation = Page.objects.filter(pk=OuterRef(OuterRef("page_id"))).values(
        "translation_key"
    )[:1]
    source = in_default_locale(Page.objects.filter(translation_key=Subquery(page_translation)))
    entries = (
        IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(ProductPage))
        .annotate(_vector_=F("title")._combine(F("body"), "||", False))
        .filter(_vector_=tsquery)
        .annotate(page_id=page_id)
        .filter(Exists(Page.objects.filter(pk=OuterRef("page_id"), live=True)))
        .annotate(rank=rank, source_pk=Subquery(source.values("pk")[:1]))
        .order_by(F("rank").desc(), F("page_id").desc())
    )
    return list(entries.values_list("source_pk", flat=True)[:limit])


def _postgres_ranked_products(query, limit, language):
    """Wagtail's PostgreSQL backend (the `indonesian` configuration, names weighted above
    descriptions); for English visitors also English stemming of the English pages' names and
    summaries ("weavings" finds weaving), best of both first."""
    found = _postgres_index_ranking(query, limit)
    if language == DEFAULT_LANGUAGE:
        return found
    pages = ProductPage.objects.live().annotate(source_pk=source_pk_subquery()).only("pk")
    english = SearchQuery(query, config=ENGLISH_CONFIG, search_type="plain")
    vector = SearchVector("title", weight="A", config=ENGLISH_CONFIG) + SearchVector(
        "summary", weight="B", config=ENGLISH_CONFIG
    )
    stemmed = (
        pages.filter(locale__language_code=language)
        .annotate(match=vector)
        .filter(match=english)
        .annotate(rank=SearchRank(vector, english))
        .order_by("-rank", "pk")
        .values_list("source_pk", flat=True)[:limit]
    )
    return list(stemmed) + found


def _once(ids):
    """Each product once, at its best rank (a product and its translation may both match)."""
    return list(dict.fromkeys(pk for pk in ids if pk is not None))


class _ArrayFunc(Func):
    """A PostgreSQL expression over the page key and ONE integer-array parameter: a search's
    500 ranked ids sent as 500 parameters cost more to compile, bind and parse (Django, psycopg,
    PostgreSQL) than the queries that use them took to run."""

    def __init__(self, ids, output_field):
        super().__init__(F("pk"), Value(list(ids)), output_field=output_field)

    def compiled(self, compiler):
        """(key sql, key params, array sql, array params)."""
        key, key_params = compiler.compile(self.source_expressions[0])
        ids, ids_params = compiler.compile(self.source_expressions[1])
        return key, key_params, f"{ids}::integer[]", ids_params


class _InArray(_ArrayFunc):
    conditional = True

    def as_sql(self, compiler, connection, **extra):
        key, key_params, ids, ids_params = self.compiled(compiler)
        return f"{key} = ANY({ids})", (*key_params, *ids_params)


class _ArrayPosition(_ArrayFunc):
    def as_sql(self, compiler, connection, **extra):
        key, key_params, ids, ids_params = self.compiled(compiler)
        return f"array_position({ids}, {key})", (*ids_params, *key_params)


def among(ids):
    """A filter: the product is one of `ids`."""
    if connection.vendor == "postgresql" and ids:
        return Q(_InArray(ids, BooleanField()))
    return Q(pk__in=ids)


def best_first(ids):
    """An ordering that puts `ids` in their order (a search's ranking)."""
    if connection.vendor == "postgresql":
        return _ArrayPosition(ids, IntegerField())
    return Case(
        *[When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)], default=Value(len(ids))
    )


def search_product_ids(query, limit=SEARCH_LIMIT):
    """Ids of the live products matching `query` in any language, best first.

    Kept per page-cache version while anonymous pages are served (pagecache.per_version_bounded;
    publishing, which updates the search index, moves it): ranking every match is the costly part
    of a search at scale (14,000 matches for "kopi" at 100,000 products), and a broadcast link
    to a search is opened with many different tracking parameters, each a page-cache miss."""
    language = active_language()

    def ranked():
        if connection.vendor == "sqlite":
            ids = _sqlite_ranked_products(query, limit)
        else:
            ids = _postgres_ranked_products(query, limit, language)
        return tuple(_once(ids)[:limit])

    try:
        return list(pagecache.per_version_bounded(f"search:{language}:{limit}:{query}", ranked))
    except DatabaseError:  # a backend hiccup is "nothing found", never a 500 (and not kept)
        return []


FACET_CACHE_SECONDS = 60 * 60


def facet_key(filters):
    """Everything the facet counts depend on besides the data: the filters, not sort or page."""
    return (
        getattr(filters.sector, "pk", None),
        getattr(filters.category, "pk", None),
        getattr(filters.region, "pk", None),
        getattr(filters.certification, "pk", None),
        filters.availability,
        filters.size,
        filters.min_price,
        filters.max_price,
        filters.query,
        # A text query matches in the visitor's language too (English stemming on PostgreSQL).
        active_language() if filters.query else None,
        tuple(availabilities()),  # "buy online" is offered only with a payment provider
        timezone.localdate(),  # certificates expire by date
    )


def cached_facet_counts(base, filters, tallied=None):
    """facet_counts(), kept per filter set until anything on a public page changes.

    Keyed by the page cache's site-wide version, which moves on every change the counts can
    depend on (publish, unpublish, move, stock and price, certificates, variants, taxonomy), so
    the sorts and pages of one filter set, and pages the page cache has not seen yet, count
    once. Without the page cache (switched off) nothing moves that version: counted every time.
    """
    if not pagecache.enabled():
        return facet_counts(base, filters, tallied)
    parts = (pagecache.current_version(), facet_key(filters))
    key = "pasarlokal:facets:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    counts = cache.get(key)
    if counts is None:
        counts = facet_counts(base, filters, tallied)
        cache.set(key, counts, FACET_CACHE_SECONDS)
    else:
        counts.apply_to(filters)
    return counts


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
            base = base.filter(among(matches))
            relevance = best_first(matches)
        # Without a text query `base` is every listed product: the tally may count it.
        counts = cached_facet_counts(
            base, filters, tallied=None if filters.query else tally.facet_rows
        )
        facets, total = build_facets(base, filters, taxonomy, counts)
        products = live_products(base.filter(filters.q()), photos=False)
        if filters.sort == RELEVANCE_SORT and relevance is not None:
            products = products.order_by(relevance, "pk")
        else:
            products = products.order_by(*filters.ordering)
        page = paginate(
            request,
            products,
            PRODUCTS_PER_PAGE,
            count=total,
            by_key=True,
            kept_as=("catalogue", self.pk, facet_key(filters), filters.sort),
        )
        url = self.get_url(request)
        if filters.category:
            trail = with_current(
                catalogue_trail(url, self.title, filters.sector), filters.category.display_name
            )
        elif filters.sector:
            trail = with_current(catalogue_trail(url, self.title), filters.sector.display_name)
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
                # What the filter form shows besides the counts (include_per_version).
                "facets_key": (facet_key(filters), filters.sort, url),
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
