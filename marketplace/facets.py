"""Catalogue filters read from the query string, their facet counts, and sorting.

Everything comes from GET parameters so a filtered catalogue is a plain, shareable, crawlable
link that works without JavaScript. Bad input never raises: unknown values are ignored and
numbers are clamped. Each facet's counts are ONE aggregate query over the products matching
every *other* active filter (so a shopper sees how many they would get by switching value).
"""

import re
from dataclasses import dataclass, field

from django.db.models import Count, F, Min, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from .payment_providers import online_payment_available
from .products import Certificate, buy_online, not_buy_online
from .taxonomy import (
    CATEGORY,
    REGION,
    SECTOR,
    Category,
    CertificationType,
    Region,
    Sector,
    taxonomy_snapshot,
)
from .variants import ProductVariant, size_sort_key

# Query-string keys (Indonesian, like the site's URLs).
CERTIFICATION = "sertifikat"
AVAILABILITY = "tersedia"
SIZE = "ukuran"
MIN_PRICE = "min_price"
MAX_PRICE = "max_price"
PRICE = "harga"  # one of PRICE_RANGES' keys, chosen in the filter form; min/max typed in win
SORT = "urut"
QUERY = "q"  # text search inside the catalogue, combined with every facet, sort and page
FILTER_KEYS = (
    SECTOR,
    CATEGORY,
    REGION,
    CERTIFICATION,
    AVAILABILITY,
    SIZE,
    MIN_PRICE,
    MAX_PRICE,
    PRICE,
)

MAX_PARAM_LENGTH = 120
PRICE_CEILING = 10**12  # one trillion rupiah: far beyond any product, far inside a bigint
_INTEGER = re.compile(r"-?\d{1,15}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")

SORTS = {
    "terbaru": (_("Newest"), [F("first_published_at").desc(nulls_last=True), F("pk").desc()]),
    "harga-naik": (_("Price: low to high"), [F("stock__price").asc(nulls_last=True), "title"]),
    "harga-turun": (_("Price: high to low"), [F("stock__price").desc(nulls_last=True), "title"]),
    "nama": (_("Name A–Z"), ["title", "pk"]),
}
DEFAULT_SORT = "terbaru"
RELEVANCE_SORT = "relevan"  # only with a text query, and then the default

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
# Letters, digits, spaces and a few joiners survive; operators and punctuation of any search
# syntax (quotes, brackets, *, :, ^…) are dropped so no backend ever sees them.
_NOT_WORDY = re.compile(r"[^\w\s'-]+")


def clean_query(raw):
    """A calm version of what was typed: plain words only, at most 10 of them, 200 characters."""
    text = str(raw or "")[: MAX_QUERY_LENGTH * 10]
    text = _NOT_WORDY.sub(" ", text).replace("_", " ")
    words = [word.strip("'-") for word in text.split()]
    words = [word for word in words if word][:MAX_TERMS]
    return " ".join(words)[:MAX_QUERY_LENGTH].strip()


IN_STOCK = Q(stock__quantity__gt=0)
# Each value's filter is a function: "buy online" depends on a payment provider being configured.
AVAILABILITIES = {
    "stok": (_("In stock"), lambda: IN_STOCK),
    "online": (_("Buy online"), buy_online),
    "kontak": (_("Contact the seller"), not_buy_online),
}


def availabilities():
    """The availability values on offer now: no "Buy online" while no provider is configured."""
    paying = online_payment_available()
    return {key: value for key, value in AVAILABILITIES.items() if paying or key != "online"}


# (key, label, min, max) — upper bound exclusive. Labels are short, the counts carry the weight.
PRICE_RANGES = [
    ("0-50000", _("Under Rp50.000"), None, 50_000),
    ("50000-150000", _("Rp50.000 – Rp150.000"), 50_000, 150_000),
    ("150000-500000", _("Rp150.000 – Rp500.000"), 150_000, 500_000),
    ("500000-1000000", _("Rp500.000 – Rp1.000.000"), 500_000, 1_000_000),
    ("1000000-", _("Over Rp1.000.000"), 1_000_000, None),
]


def price_range_bounds(key):
    """(min, max) of the price range `key`, max inclusive as the filter reads it; else Nones."""
    for range_key, _label, low, high in PRICE_RANGES:
        if key == range_key:
            return low or None, high - 1 if high else None
    return None, None


def param(request, key):
    """One parameter: the last value if repeated, trimmed, and capped in length."""
    value = request.GET.get(key, "")
    if not isinstance(value, str):
        return ""
    return value.strip()[:MAX_PARAM_LENGTH]


def slug_param(request, key):
    value = param(request, key).lower()
    return value if _SLUG.fullmatch(value or "-") and value else ""


def parse_price(value):
    """A whole-rupiah bound from user input, clamped to 0…PRICE_CEILING; None when absent/junk."""
    value = (value or "").replace(".", "").replace(",", "").strip()
    if not _INTEGER.fullmatch(value):
        return None
    number = min(max(int(value), 0), PRICE_CEILING)
    return number


def price_range_q(minimum, maximum, inclusive_max=True):
    q = Q()
    if minimum:
        q &= Q(stock__price__gte=minimum)
    if maximum is not None:
        q &= Q(stock__price__lte=maximum) if inclusive_max else Q(stock__price__lt=maximum)
    return q


def sized(label=None):
    """Size variants a shopper can buy now (in stock, or made to order), optionally of one size."""
    variants = ProductVariant.objects.filter(kind=ProductVariant.Kind.SIZE).filter(
        Q(quantity__gt=0) | Q(product__made_to_order=True)
    )
    return variants.filter(label__iexact=label) if label else variants


@dataclass
class CatalogueFilters:
    """The shopper's choices, validated. Unknown values are simply not chosen."""

    sector: Sector | None = None
    category: Category | None = None
    region: Region | None = None
    certification: CertificationType | None = None
    availability: str = ""
    size: str = ""
    min_price: int | None = None
    max_price: int | None = None
    sort: str = DEFAULT_SORT
    query: str = ""
    ignored: list = field(default_factory=list)

    @classmethod
    def from_request(cls, request, taxonomy=None):
        taxonomy = taxonomy or taxonomy_snapshot()
        filters = cls()
        filters.category = taxonomy.category_by_slug.get(slug_param(request, CATEGORY))
        sector = taxonomy.sector_by_slug.get(slug_param(request, SECTOR))
        if filters.category and SECTOR in request.GET and sector != filters.category.sector:
            # The filter form always sends the sector: a shopper who switched (or cleared) the
            # sector there meant to leave the old sector's category behind.
            filters.category = None
        # A category alone (a link) implies its sector.
        filters.sector = filters.category.sector if filters.category else sector
        filters.region = taxonomy.region_by_slug.get(slug_param(request, REGION))
        filters.certification = taxonomy.certification_type_by_slug.get(
            slug_param(request, CERTIFICATION)
        )
        # Checked against the sizes on offer by build_facets: an unknown one is then dropped.
        filters.size = " ".join(param(request, SIZE).split())[:40]
        availability = param(request, AVAILABILITY)
        filters.availability = availability if availability in availabilities() else ""
        filters.min_price = parse_price(param(request, MIN_PRICE)) or None
        filters.max_price = parse_price(param(request, MAX_PRICE))
        if not filters.has_price:
            filters.min_price, filters.max_price = price_range_bounds(param(request, PRICE))
        if (
            filters.min_price is not None
            and filters.max_price is not None
            and filters.min_price > filters.max_price
        ):
            filters.min_price, filters.max_price = filters.max_price or None, filters.min_price
        filters.query = clean_query(request.GET.get(QUERY, ""))
        sort = param(request, SORT)
        if filters.query and sort not in SORTS:
            filters.sort = RELEVANCE_SORT
        else:
            filters.sort = sort if sort in SORTS else DEFAULT_SORT
        return filters

    @property
    def active(self):
        return bool(
            self.query
            or self.sector
            or self.category
            or self.region
            or self.certification
            or self.availability
            or self.size
            or self.min_price is not None
            or self.max_price is not None
        )

    @property
    def has_price(self):
        return self.min_price is not None or self.max_price is not None

    def q(self, skip=(), only=None):
        """The filter as a Q, leaving out the facets named in `skip` (or all but `only`)."""
        if only is not None:
            skip = {
                "sector",
                "category",
                "region",
                "certification",
                "availability",
                "size",
                "price",
            }
            skip -= set(only)
        q = Q()
        if self.category and "category" not in skip:
            q &= Q(category=self.category)
        elif self.sector and "sector" not in skip:
            q &= Q(category__sector=self.sector)
        if self.region and "region" not in skip:
            q &= Q(origin_region=self.region)
        if self.certification and "certification" not in skip:
            # A subquery, not a join: a product with two matching certificates is one product.
            q &= Q(
                pk__in=Certificate.objects.current()
                .filter(certification_type=self.certification)
                .values("product_id")
            )
        if self.size and "size" not in skip:
            q &= Q(pk__in=sized(self.size).values("product_id"))
        if self.availability and "availability" not in skip:
            q &= AVAILABILITIES[self.availability][1]()
        if self.has_price and "price" not in skip:
            q &= price_range_q(self.min_price, self.max_price)
        return q

    @property
    def ordering(self):
        return SORTS.get(self.sort, SORTS[DEFAULT_SORT])[1]


@dataclass
class FacetValue:
    label: str
    count: int
    params: dict  # the query-string change that selects (or clears) this value
    selected: bool = False
    value: str = ""  # what the filter form sends for this value
    description: str = ""


@dataclass
class Facet:
    key: str
    label: str
    values: list
    clear_params: dict = field(default_factory=dict)

    @property
    def any_selected(self):
        return any(value.selected for value in self.values)


@dataclass
class FacetCounts:
    """What build_facets' aggregate queries found, as plain data (kept by the catalogue's
    facet cache, see catalogue.cached_facet_counts)."""

    sizes: dict  # {size key: (label, products)}
    by_category: dict
    by_region: dict
    by_certification: dict
    totals: dict  # total, each availability, each price range ("r0", "r1", …)

    def apply_to(self, filters):
        """What counting did to `filters`: a size none of the products has is dropped."""
        drop_unknown_size(filters, self.sizes)


def facet_counts(base, filters, tallied=None):
    """The facets' counts for `base` (live products) narrowed by `filters`.

    `tallied`: when `base` is every listed product, a function that answers the first aggregate
    below from the facet tally (marketplace.tally.facet_rows): its rows, or None when the tally
    cannot answer these filters.

    Three aggregate queries, constant whatever the catalogue size (the size facet's runs first: a
    size that none of the other filters' products has is dropped from `filters`):
    - sector, category, region, availability, price ranges and the total: ONE GROUP BY
      (category, region) over the products matching the certification and size filters, with
      conditional counts so each facet honours every other facet's filter but not its own (the
      groups are summed here). One pass over the products and their stock: at 100,000 products
      on PostgreSQL the scan and joins are the cost, not the counting (136 ms), which is why the
      tally's few hundred rows answer it where they can (under 5 ms);
    - certification: one GROUP BY over current certificates;
    - size: one GROUP BY over the size variants in stock.
    """
    sizes = size_counts(base, filters)
    place_now = filters.q(only=("sector", "category", "region"))
    availability_now = filters.q(only=("availability",))
    price_now = filters.q(only=("price",))
    counted = {
        "for_category": filters.q(only=("region",)) & availability_now & price_now,
        "for_region": filters.q(only=("sector", "category")) & availability_now & price_now,
        "total": place_now & availability_now & price_now,
        **{key: place_now & q() & price_now for key, (_label, q) in availabilities().items()},
        **{
            f"r{index}": place_now
            & price_range_q(low, high, inclusive_max=False)
            & availability_now
            for index, (_key, _label, low, high) in enumerate(PRICE_RANGES)
        },
    }
    rows = tallied(filters) if tallied else None
    if rows is None:
        rows = (
            base.filter(filters.q(skip=("sector", "category", "region", "availability", "price")))
            .order_by()
            .values("category_id", "origin_region_id")
            .annotate(**{name: Count("pk", filter=q) for name, q in counted.items()})
        )
    by_category, region_counts = {}, {}
    totals = {name: 0 for name in counted if name not in ("for_category", "for_region")}
    for row in rows:
        by_category[row["category_id"]] = (
            by_category.get(row["category_id"], 0) + row["for_category"]
        )
        region_counts[row["origin_region_id"]] = (
            region_counts.get(row["origin_region_id"], 0) + row["for_region"]
        )
        for name in totals:
            totals[name] += row[name]
    certified = (
        Certificate.objects.current()
        .filter(product__in=base.filter(filters.q(skip=("certification",))).values("pk"))
        .order_by()
        .values("certification_type_id")
        .annotate(n=Count("product_id", distinct=True))
    )
    return FacetCounts(
        sizes=sizes,
        by_category=by_category,
        by_region=region_counts,
        by_certification={row["certification_type_id"]: row["n"] for row in certified},
        totals=totals,
    )


def build_facets(base, filters, taxonomy=None, counts=None):
    """Facets and the total count for `base` (live products) narrowed by `filters`.

    `counts`: facet_counts(base, filters) when the caller has them already (a cache).
    Names come from the cached taxonomy snapshot.
    """
    taxonomy = taxonomy or taxonomy_snapshot()
    facets = []
    if counts is None:
        counts = facet_counts(base, filters)
    size_rows, by_category, region_counts = counts.sizes, counts.by_category, counts.by_region
    sector_counts = {}
    for category in taxonomy.categories:
        sector_counts[category.sector_id] = sector_counts.get(
            category.sector_id, 0
        ) + by_category.get(category.pk, 0)

    sector_values = []
    for sector in taxonomy.sectors:
        count = sector_counts.get(sector.pk, 0)
        selected = filters.sector is not None and filters.sector.pk == sector.pk
        if count or selected:
            params = {SECTOR: None if selected else sector.slug, CATEGORY: None}
            sector_values.append(
                FacetValue(sector.display_name, count, params, selected, sector.slug)
            )
    facets.append(
        Facet(SECTOR, _("Sector"), sector_values, clear_params={SECTOR: None, CATEGORY: None})
    )
    if filters.sector:
        category_values = []
        for category in taxonomy.categories:
            if category.sector_id != filters.sector.pk:
                continue
            count = by_category.get(category.pk, 0)
            selected = filters.category is not None and filters.category.pk == category.pk
            if count or selected:
                params = {CATEGORY: None if selected else category.slug}
                category_values.append(
                    FacetValue(category.display_name, count, params, selected, category.slug)
                )
        facets.append(
            Facet(CATEGORY, _("Category"), category_values, clear_params={CATEGORY: None})
        )

    region_values = []
    for region in taxonomy.regions:
        count = region_counts.get(region.pk, 0)
        selected = filters.region is not None and filters.region.pk == region.pk
        if count or selected:
            params = {REGION: None if selected else region.slug}
            region_values.append(
                FacetValue(region.display_name, count, params, selected, region.slug)
            )
    facets.append(Facet(REGION, _("Region"), region_values, clear_params={REGION: None}))

    certification_counts = counts.by_certification
    certification_values = []
    for cert_type in taxonomy.certification_types:
        count = certification_counts.get(cert_type.pk, 0)
        selected = filters.certification is not None and filters.certification.pk == cert_type.pk
        if count or selected:
            params = {CERTIFICATION: None if selected else cert_type.slug}
            certification_values.append(
                FacetValue(cert_type.display_short_label, count, params, selected, cert_type.slug)
            )
    facets.append(
        Facet(
            CERTIFICATION,
            _("Certification"),
            certification_values,
            clear_params={CERTIFICATION: None},
        )
    )

    facets.append(size_facet(size_rows, filters))

    offered = availabilities()
    counts = counts.totals
    availability_values = []
    for key, (label, _q) in offered.items():
        selected = filters.availability == key
        params = {AVAILABILITY: None if selected else key}
        availability_values.append(FacetValue(label, counts[key], params, selected, key))
    facets.append(
        Facet(
            AVAILABILITY,
            _("Availability"),
            availability_values,
            clear_params={AVAILABILITY: None},
        )
    )

    price_values = []
    no_price = {MIN_PRICE: None, MAX_PRICE: None, PRICE: None}
    for index, (key, label, _low, _high) in enumerate(PRICE_RANGES):
        # The shown ranges are [low, high): choosing one asks for max = high - 1 (no overlaps).
        low, maximum = price_range_bounds(key)
        selected = filters.min_price == low and filters.max_price == maximum
        params = no_price if selected else {**no_price, PRICE: key}
        count = counts[f"r{index}"]
        if count or selected:
            price_values.append(FacetValue(label, count, params, selected, key))
    facets.append(Facet(PRICE, _("Price"), price_values, clear_params=no_price))
    return facets, counts["total"]


def size_counts(base, filters):
    """{size label: products} among the products every other filter leaves (one query).

    Labels are grouped without regard to case ("m" and "M" are one size). A chosen size that is
    not among them is dropped from `filters`, as unknown values are.
    """
    rows = (
        sized()
        .filter(product__in=base.filter(filters.q(skip=("size",))).values("pk"))
        .annotate(key=Upper("label"))
        .order_by()
        .values("key")
        .annotate(label=Min("label"), n=Count("product_id", distinct=True))
    )
    counts = {row["key"]: (row["label"], row["n"]) for row in rows}
    drop_unknown_size(filters, counts)
    return counts


def drop_unknown_size(filters, counts):
    if filters.size and filters.size.upper() not in counts:
        filters.ignored.append(SIZE)
        filters.size = ""


def size_facet(counts, filters):
    """ "Size": only the sizes that the filtered products come in; empty when none has sizes."""
    chosen = filters.size.upper()
    values = []
    for key in sorted(counts, key=size_sort_key):
        label, count = counts[key]
        selected = key == chosen
        values.append(
            FacetValue(label, count, {SIZE: None if selected else label}, selected, label)
        )
    return Facet(SIZE, _("Size"), values, clear_params={SIZE: None})
