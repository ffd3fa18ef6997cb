"""The catalogue's facet tally: listed products counted by what the facets group on, kept on write.

Counting the catalogue's facets from the products themselves is one aggregate over every listed
product, its page row and its stock: at 100,000 products on PostgreSQL, 136 ms of a 163 ms
uncached `/katalog/` (the rest of the page is constant). The tally holds the same numbers
already grouped: products per (category, region, in stock, buy online, contact the seller,
price range), 1,133 rows at 100,000 products (bounded by the taxonomy, not the catalogue's
size). The catalogue sums those rows instead (`facet_rows`) whenever its filters are among
them: sector, category, region, availability and one of the listed price ranges (no text query,
certificate, size or typed price; and no view restriction anywhere on the site, since the tally
does not read the tree).
Measured at 100,000 products on PostgreSQL: the facet counts 116–159 → 7–12 ms, and the whole
uncached `/katalog/` 163 → 37 ms in process.

Kept in the writer's own transaction, so the first view after a change counts it:
- every change to what decides a product's row calls `touch(product ids)` (marketplace.signals):
  a product's page saved (publish, unpublish, a new page) or deleted or moved, its stock record
  saved, deleted or updated in one UPDATE (a purchase, a restock, a price change), its seller's
  "sells online" saved, a region deleted (which nulls its products' region in SQL);
- `touch` locks the touched products' own rows in `TalliedProduct` (never a shared one, so two
  writers queue only when they change the same product), reads their rows' keys anew, and moves
  each product whose key changed from its old group to its new one. A purchase that does not
  sell a product out changes no key and writes no group.
Bulk loads that bypass the models (seed_demo's inserts, this table's migration) end with
`rebuild()`; `manage.py rebuild_facet_tally` runs it by hand after SQL or a script.
"""

from collections import Counter

from django.db import connection, models, transaction
from django.db.models import BooleanField, Case, Exists, ExpressionWrapper, Q, Sum, Value, When

from wagtail.models import PageViewRestriction

from .facets import (
    IN_STOCK,
    PRICE_RANGES,
    availabilities,
    price_range_bounds,
    price_range_q,
)
from .payment_providers import online_payment_available
from .products import BUY_ONLINE, NOT_BUY_ONLINE, ProductPage
from .taxonomy import Category
from .translations import DEFAULT_LANGUAGE

NO_TERM = 0  # a product without a category or region (the columns are plain integers)
NO_PRICE = -1  # a product without a price (or none of the ranges)
KEY_FIELDS = ("category", "region", "in_stock", "online", "offline", "price_range")
UNCOUNTED = (NO_TERM, NO_TERM, False, False, False, NO_PRICE)


class FacetTally(models.Model):
    """How many listed products share one combination of what the facets count."""

    category = models.IntegerField()
    region = models.IntegerField()
    in_stock = models.BooleanField()
    online = models.BooleanField()  # products.BUY_ONLINE
    offline = models.BooleanField()  # products.NOT_BUY_ONLINE
    price_range = models.SmallIntegerField()  # the index in facets.PRICE_RANGES, or NO_PRICE
    products = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=KEY_FIELDS, name="pl_facet_tally_key")]

    def __str__(self):
        return f"{self.key()}: {self.products}"

    def key(self):
        return tuple(getattr(self, name) for name in KEY_FIELDS)


class TalliedProduct(models.Model):
    """Which group one product is counted in (`counted` False: none), and the row its writers
    lock while they move it."""

    product = models.IntegerField(primary_key=True)
    counted = models.BooleanField(default=False)
    category = models.IntegerField(default=NO_TERM)
    region = models.IntegerField(default=NO_TERM)
    in_stock = models.BooleanField(default=False)
    online = models.BooleanField(default=False)
    offline = models.BooleanField(default=False)
    price_range = models.SmallIntegerField(default=NO_PRICE)

    def __str__(self):
        return f"product {self.product}: {self.key()}"

    def key(self):
        return tuple(getattr(self, name) for name in KEY_FIELDS) if self.counted else None


def _flag(q):
    return ExpressionWrapper(q, output_field=BooleanField())


def _keys(product_ids=None):
    """{product id: key} of the listed products among `product_ids` (None: all of them), each
    flag the very condition the catalogue filters with, so the tally counts what it would."""
    price_range = Case(
        *[
            When(price_range_q(low, high, inclusive_max=False), then=Value(index))
            for index, (_key, _label, low, high) in enumerate(PRICE_RANGES)
        ],
        default=Value(NO_PRICE),
    )
    products = ProductPage.objects.filter(live=True, locale__language_code=DEFAULT_LANGUAGE)
    if product_ids is not None:
        products = products.filter(pk__in=product_ids)
    rows = products.annotate(
        key_in_stock=_flag(IN_STOCK),
        key_online=_flag(BUY_ONLINE),
        key_offline=_flag(NOT_BUY_ONLINE),
        key_price_range=price_range,
    ).values_list(
        "pk",
        "category_id",
        "origin_region_id",
        "key_in_stock",
        "key_online",
        "key_offline",
        "key_price_range",
    )
    return {
        pk: (
            category or NO_TERM,
            region or NO_TERM,
            bool(in_stock),
            bool(online),
            bool(offline),
            price_range,
        )
        for pk, category, region, in_stock, online, offline, price_range in rows.iterator()
    }


def _add(deltas):
    """Add each {key: change} to its group, creating groups as needed (one statement each,
    in key order, so two writers never wait on each other's groups crosswise)."""
    table = connection.ops.quote_name(FacetTally._meta.db_table)
    columns = ", ".join(KEY_FIELDS)
    sql = (
        f"INSERT INTO {table} ({columns}, products) VALUES (%s, %s, %s, %s, %s, %s, %s) "
        f"ON CONFLICT ({columns}) DO UPDATE SET products = {table}.products + excluded.products"
    )
    with connection.cursor() as cursor:
        for key in sorted(deltas):
            if deltas[key]:
                cursor.execute(sql, [*key, deltas[key]])


def touch(product_ids):
    """Count each of `product_ids` in the group its rows say now (call it after the change, in
    the change's transaction)."""
    ids = sorted({int(pk) for pk in product_ids if pk is not None})
    if not ids:
        return
    with transaction.atomic(savepoint=False):
        held = _lock(ids)
        missing = [pk for pk in ids if pk not in held]
        if missing:
            TalliedProduct.objects.bulk_create(
                [TalliedProduct(product=pk) for pk in missing], ignore_conflicts=True
            )
            held.update(_lock(missing))
        now = _keys(ids)
        deltas = Counter()
        changed = []
        for pk in ids:
            row = held[pk]
            old, new = row.key(), now.get(pk)
            if old == new:
                continue
            if old is not None:
                deltas[old] -= 1
            if new is not None:
                deltas[new] += 1
            row.counted = new is not None
            for name, value in zip(KEY_FIELDS, new or UNCOUNTED, strict=True):
                setattr(row, name, value)
            changed.append(row)
        if changed:
            _add(deltas)
            TalliedProduct.objects.bulk_update(changed, ["counted", *KEY_FIELDS])


def _lock(ids):
    rows = TalliedProduct.objects.select_for_update().filter(product__in=ids).order_by("product")
    return {row.product: row for row in rows}


def rebuild():
    """Count every listed product afresh (after a bulk load); returns how many are counted."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Writers' touches wait (their row locks conflict); readers of the tally do not.
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {TalliedProduct._meta.db_table} IN EXCLUSIVE MODE")
        keys = _keys()
        TalliedProduct.objects.all().delete()
        FacetTally.objects.all().delete()
        TalliedProduct.objects.bulk_create(
            [
                TalliedProduct(product=pk, counted=True, **dict(zip(KEY_FIELDS, key, strict=True)))
                for pk, key in keys.items()
            ],
            batch_size=2000,
        )
        FacetTally.objects.bulk_create(
            [
                FacetTally(products=n, **dict(zip(KEY_FIELDS, key, strict=True)))
                for key, n in Counter(keys.values()).items()
            ]
        )
    return len(keys)


def facet_rows(filters):
    """The catalogue's facet aggregate (facets.facet_counts) from the tally: one row per
    (category_id, origin_region_id) with each of facet_counts' conditional counts summed.

    None when the tally cannot answer `filters` (tally_answers), or when the site has a view
    restriction: the tally does not read the tree, and products in a restricted section are not
    listed (asked in the same query, so the common case costs no query of its own)."""
    if not tally_answers(filters):
        return None
    counted = tally_counted(filters)
    rows = list(
        FacetTally.objects.filter(products__gt=0)
        .order_by()
        .values("category", "region")
        .annotate(
            restricted=Exists(PageViewRestriction.objects.all()),
            # Named apart from the columns ("online" is a column and an availability).
            **{f"n_{name}": Sum("products", filter=q) for name, q in counted.items()},
        )
    )
    if any(row["restricted"] for row in rows):
        return None
    return [
        {
            "category_id": row["category"] or None,
            "origin_region_id": row["region"] or None,
            **{name: row[f"n_{name}"] or 0 for name in counted},
        }
        for row in rows
    ]


def tally_answers(filters):
    """The tally counts what these filters ask: no certificate, size or typed price (a listed
    price range is one of its columns). Whether the site has view restrictions, which the tally
    cannot answer for, its own query tells (tally.facet_rows)."""
    if filters.certification or filters.size:
        return False
    return (
        not filters.has_price or price_range_index(filters.min_price, filters.max_price) is not None
    )


def tally_q(filters, only):
    """CatalogueFilters.q(only=…) in the tally's columns (for the filters tally_answers takes)."""
    q = Q()
    if filters.category and "category" in only:
        q &= Q(category=filters.category.pk)
    elif filters.sector and "sector" in only:
        q &= Q(category__in=Category.objects.filter(sector=filters.sector).values("pk"))
    if filters.region and "region" in only:
        q &= Q(region=filters.region.pk)
    if filters.availability and "availability" in only:
        q &= tally_availabilities()[filters.availability]
    if filters.has_price and "price" in only:
        q &= Q(price_range=price_range_index(filters.min_price, filters.max_price))
    return q


def tally_availabilities():
    """AVAILABILITIES as the tally's columns say them (each the same condition, kept per row)."""
    paying = online_payment_available()
    return {
        "stok": Q(in_stock=True),
        "online": Q(online=True) if paying else Q(pk__in=[]),
        "kontak": Q(offline=True) if paying else Q(),
    }


def price_range_index(minimum, maximum):
    for index, (key, _label, _low, _high) in enumerate(PRICE_RANGES):
        if (minimum, maximum) == price_range_bounds(key):
            return index
    return None


def tally_counted(filters):
    """facet_counts' conditional counts, in the tally's columns."""
    place_now = tally_q(filters, ("sector", "category", "region"))
    availability_now = tally_q(filters, ("availability",))
    price_now = tally_q(filters, ("price",))
    by_availability = tally_availabilities()
    return {
        "for_category": tally_q(filters, ("region",)) & availability_now & price_now,
        "for_region": tally_q(filters, ("sector", "category")) & availability_now & price_now,
        "total": place_now & availability_now & price_now,
        **{key: place_now & by_availability[key] & price_now for key in availabilities()},
        **{
            f"r{index}": place_now & Q(price_range=index) & availability_now
            for index in range(len(PRICE_RANGES))
        },
    }
