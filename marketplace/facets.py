"""Catalogue filters read from the query string, their facet counts, and sorting.

Everything comes from GET parameters so a filtered catalogue is a plain, shareable, crawlable
link that works without JavaScript. Bad input never raises: unknown values are ignored and
numbers are clamped. Each facet's counts are ONE aggregate query over the products matching
every *other* active filter (so a shopper sees how many they would get by switching value).
"""

import re
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from .products import BUY_ONLINE, NOT_BUY_ONLINE, Certificate
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

# Query-string keys (Indonesian, like the site's URLs).
CERTIFICATION = "sertifikat"
AVAILABILITY = "tersedia"
MIN_PRICE = "min_price"
MAX_PRICE = "max_price"
SORT = "urut"
FILTER_KEYS = (SECTOR, CATEGORY, REGION, CERTIFICATION, AVAILABILITY, MIN_PRICE, MAX_PRICE)

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

IN_STOCK = Q(stock__quantity__gt=0)
CONTACT_ONLY = NOT_BUY_ONLINE
AVAILABILITIES = {
    "stok": (_("In stock"), IN_STOCK),
    "online": (_("Buy online"), BUY_ONLINE),
    "kontak": (_("Contact the seller"), CONTACT_ONLY),
}

# (key, label, min, max) — upper bound exclusive. Labels are short, the counts carry the weight.
PRICE_RANGES = [
    ("0-50000", _("Under Rp50.000"), None, 50_000),
    ("50000-150000", _("Rp50.000 – Rp150.000"), 50_000, 150_000),
    ("150000-500000", _("Rp150.000 – Rp500.000"), 150_000, 500_000),
    ("500000-1000000", _("Rp500.000 – Rp1.000.000"), 500_000, 1_000_000),
    ("1000000-", _("Over Rp1.000.000"), 1_000_000, None),
]


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


@dataclass
class CatalogueFilters:
    """The shopper's choices, validated. Unknown values are simply not chosen."""

    sector: Sector | None = None
    category: Category | None = None
    region: Region | None = None
    certification: CertificationType | None = None
    availability: str = ""
    min_price: int | None = None
    max_price: int | None = None
    sort: str = DEFAULT_SORT
    ignored: list = field(default_factory=list)

    @classmethod
    def from_request(cls, request, taxonomy=None):
        taxonomy = taxonomy or taxonomy_snapshot()
        filters = cls()
        filters.category = taxonomy.category_by_slug.get(slug_param(request, CATEGORY))
        if filters.category:
            # A category implies its sector; a contradicting sector slug loses.
            filters.sector = filters.category.sector
        else:
            filters.sector = taxonomy.sector_by_slug.get(slug_param(request, SECTOR))
        filters.region = taxonomy.region_by_slug.get(slug_param(request, REGION))
        filters.certification = taxonomy.certification_type_by_slug.get(
            slug_param(request, CERTIFICATION)
        )
        availability = param(request, AVAILABILITY)
        filters.availability = availability if availability in AVAILABILITIES else ""
        filters.min_price = parse_price(param(request, MIN_PRICE)) or None
        filters.max_price = parse_price(param(request, MAX_PRICE))
        if (
            filters.min_price is not None
            and filters.max_price is not None
            and filters.min_price > filters.max_price
        ):
            filters.min_price, filters.max_price = filters.max_price or None, filters.min_price
        sort = param(request, SORT)
        filters.sort = sort if sort in SORTS else DEFAULT_SORT
        return filters

    @property
    def active(self):
        return bool(
            self.sector
            or self.category
            or self.region
            or self.certification
            or self.availability
            or self.min_price is not None
            or self.max_price is not None
        )

    @property
    def has_price(self):
        return self.min_price is not None or self.max_price is not None

    def q(self, skip=(), only=None):
        """The filter as a Q, leaving out the facets named in `skip` (or all but `only`)."""
        if only is not None:
            skip = {"sector", "category", "region", "certification", "availability", "price"}
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
        if self.availability and "availability" not in skip:
            q &= AVAILABILITIES[self.availability][1]
        if self.has_price and "price" not in skip:
            q &= price_range_q(self.min_price, self.max_price)
        return q

    @property
    def ordering(self):
        return SORTS[self.sort][1]


@dataclass
class FacetValue:
    label: str
    count: int
    params: dict  # the query-string change that selects (or clears) this value
    selected: bool = False
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


def build_facets(base, filters, taxonomy=None):
    """Facets and the total count for `base` (live products) narrowed by `filters`.

    Three aggregate queries, constant whatever the catalogue size:
    - sector, category and region: one GROUP BY (category, region) over everything but those
      filters, with conditional counts so each facet still honours the other's filter;
    - certification: one GROUP BY over current certificates;
    - availability, price ranges and the total: one row of conditional counts.
    Names come from the cached taxonomy snapshot.
    """
    taxonomy = taxonomy or taxonomy_snapshot()
    facets = []

    place_rows = (
        base.filter(filters.q(skip=("sector", "category", "region")))
        .order_by()
        .values("category_id", "origin_region_id")
        .annotate(
            for_category=Count("pk", filter=filters.q(only=("region",))),
            for_region=Count("pk", filter=filters.q(only=("sector", "category"))),
        )
    )
    by_category, region_counts = {}, {}
    for row in place_rows:
        by_category[row["category_id"]] = (
            by_category.get(row["category_id"], 0) + row["for_category"]
        )
        region_counts[row["origin_region_id"]] = (
            region_counts.get(row["origin_region_id"], 0) + row["for_region"]
        )
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
            sector_values.append(FacetValue(sector.name, count, params, selected))
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
                category_values.append(FacetValue(category.name, count, params, selected))
        facets.append(
            Facet(CATEGORY, _("Category"), category_values, clear_params={CATEGORY: None})
        )

    region_values = []
    for region in taxonomy.regions:
        count = region_counts.get(region.pk, 0)
        selected = filters.region is not None and filters.region.pk == region.pk
        if count or selected:
            params = {REGION: None if selected else region.slug}
            region_values.append(FacetValue(region.name, count, params, selected))
    facets.append(Facet(REGION, _("Region"), region_values, clear_params={REGION: None}))

    certified = (
        Certificate.objects.current()
        .filter(product__in=base.filter(filters.q(skip=("certification",))).values("pk"))
        .order_by()
        .values("certification_type_id")
        .annotate(n=Count("product_id", distinct=True))
    )
    certification_counts = {row["certification_type_id"]: row["n"] for row in certified}
    certification_values = []
    for cert_type in taxonomy.certification_types:
        count = certification_counts.get(cert_type.pk, 0)
        selected = filters.certification is not None and filters.certification.pk == cert_type.pk
        if count or selected:
            params = {CERTIFICATION: None if selected else cert_type.slug}
            certification_values.append(
                FacetValue(cert_type.short_label or cert_type.name, count, params, selected)
            )
    facets.append(
        Facet(
            CERTIFICATION,
            _("Certification"),
            certification_values,
            clear_params={CERTIFICATION: None},
        )
    )

    availability_now = filters.q(only=("availability",))
    price_now = filters.q(only=("price",))
    counts = (
        base.filter(filters.q(skip=("availability", "price")))
        .order_by()
        .aggregate(
            total=Count("pk", filter=availability_now & price_now),
            **{
                key: Count("pk", filter=q & price_now)
                for key, (_label, q) in AVAILABILITIES.items()
            },
            **{
                f"r{index}": Count(
                    "pk", filter=price_range_q(low, high, inclusive_max=False) & availability_now
                )
                for index, (_key, _label, low, high) in enumerate(PRICE_RANGES)
            },
        )
    )
    availability_values = []
    for key, (label, _q) in AVAILABILITIES.items():
        selected = filters.availability == key
        params = {AVAILABILITY: None if selected else key}
        availability_values.append(FacetValue(label, counts[key], params, selected))
    facets.append(
        Facet(
            AVAILABILITY,
            _("Availability"),
            availability_values,
            clear_params={AVAILABILITY: None},
        )
    )

    price_values = []
    for index, (_key, label, low, high) in enumerate(PRICE_RANGES):
        # The shown ranges are [low, high): the link asks for max = high - 1 so they never overlap.
        maximum = high - 1 if high else None
        selected = filters.min_price == low and filters.max_price == maximum
        params = (
            {MIN_PRICE: None, MAX_PRICE: None}
            if selected
            else {MIN_PRICE: low or None, MAX_PRICE: maximum}
        )
        count = counts[f"r{index}"]
        if count or selected:
            price_values.append(FacetValue(label, count, params, selected))
    facets.append(
        Facet("harga", _("Price"), price_values, clear_params={MIN_PRICE: None, MAX_PRICE: None})
    )
    return facets, counts["total"]
