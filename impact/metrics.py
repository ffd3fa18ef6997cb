"""The campaign's numbers, all from aggregate queries.

Every number is a COUNT or SUM computed by the database, grouped by sector, region, channel,
product, seller or time bucket; Python only adds up the handful of grouped rows that come back.
So the dashboard costs the same, small, number of queries for 100 clicks or 100,000.

Where a number belongs:
- sector: a click's, enquiry's or order line's sector is its product's category's sector; when it
  has no product (a contact from the seller's page, a cart sent on WhatsApp, a deleted product)
  it is the seller's main sector. Sellers use their main sector, products their category's.
- region: always the SELLER's region (where the IKM is), for sellers, products, clicks,
  enquiries and order lines alike; a product's `origin_region` is not used. Pledges use the
  pledger's region and have no sector, so the sector filter does not apply to them.
- time: clicks, enquiries, applications and pledges by `created_at`; sales by the order's
  `paid_at`; new sellers and products by `first_published_at`. Periods are WITA days.
- sales: only orders whose status is `paid` count. Refunded and cancelled orders are not sales,
  pending orders are not revenue. GMV = Σ unit_price × quantity over those orders' lines.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from campaign.models import Pledge
from marketplace.contact.models import ContactClick, Enquiry
from marketplace.orders.models import Order, OrderLine, PaymentProvider, payment_method_label
from marketplace.products import Certificate, ProductPage
from marketplace.sellerportal.models import SellerApplication
from marketplace.sellers import SellerPage
from marketplace.taxonomy import Region, Sector
from marketplace.translations import in_default_locale

from .periods import this_month, today_wita, wita_midnight
from .programme import programme_public_numbers

TOP_N = 10
CHANNELS = [choice for choice, _label in ContactClick.Channel.choices]

# Sector and region of an event (click, enquiry, order line), see the module docstring.
EVENT_SECTOR = Coalesce(
    F("product__category__sector_id"), F("seller__sector_id"), output_field=IntegerField()
)
EVENT_REGION = F("seller__region_id")
PRODUCT_SECTOR = F("category__sector_id")
PRODUCT_REGION = F("seller__region_id")
SELLER_SECTOR = F("sector_id")
SELLER_REGION = F("region_id")

LINE_TOTAL = Sum(F("unit_price") * F("quantity"), output_field=BigIntegerField())


def _verified_certificate_exists():
    return Exists(Certificate.objects.verified().current().filter(product=OuterRef("pk")))


def average(total, count):
    """Whole rupiah, rounded half up; 0 when there is nothing to divide."""
    return (total + count // 2) // count if count else 0


def _sum(rows, key, **match):
    return sum(row[key] or 0 for row in rows if all(row.get(k) == v for k, v in match.items()))


def _group_sum(rows, dim, key):
    totals = {}
    for row in rows:
        totals[row[dim]] = totals.get(row[dim], 0) + (row[key] or 0)
    return totals


# Headline numbers: (section, key, label). The export of the dashboard is these rows.
SECTIONS = {
    "sellers": _("Sellers"),
    "products": _("Products"),
    "demand": _("Demand"),
    "campaign": _("Campaign"),
}
HEADLINE_ROWS = [
    ("sellers", "sellers_active", _("Active sellers (live storefronts)")),
    ("sellers", "sellers_new", _("New sellers in the period")),
    ("sellers", "applications_pending", _("Applications received, still pending")),
    ("sellers", "applications_approved", _("Applications received, approved")),
    ("sellers", "applications_rejected", _("Applications received, rejected")),
    ("products", "products_live", _("Live products")),
    ("products", "products_certified", _("Live products with a verified certificate")),
    ("products", "products_new", _("New products in the period")),
    ("demand", "clicks", _("Contact clicks")),
    ("demand", "clicks_whatsapp", _("WhatsApp clicks")),
    ("demand", "clicks_phone", _("Phone clicks")),
    ("demand", "clicks_email", _("E-mail clicks")),
    ("demand", "clicks_whatsapp_cart", _("WhatsApp cart orders")),
    ("demand", "enquiries", _("Enquiries")),
    ("demand", "paid_orders", _("Paid orders")),
    ("demand", "gmv", _("Gross merchandise value (Rp)")),
    ("demand", "average_order_value", _("Average order value (Rp)")),
    ("campaign", "pledges", _("Pledges")),
]
RUPIAH_KEYS = {"gmv", "average_order_value"}


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


def sector_choices():
    return [
        Choice(pk, name)
        for pk, name in Sector.objects.in_default_locale().values_list("pk", "name")
    ]


def region_choices():
    return [
        Choice(pk, name)
        for pk, name in Region.objects.in_default_locale().values_list("pk", "name")
    ]


class ImpactReport:
    """The numbers for one period, optionally one sector and/or one region.

    Each cached property runs one query (or none when built from another's rows), so a page
    pays only for the sections it shows.
    """

    def __init__(self, period, sector_id=None, region_id=None, sectors=None, regions=None):
        self.period = period
        self.sector_id = sector_id
        self.region_id = region_id
        self._sectors = sectors
        self._regions = regions

    @cached_property
    def sectors(self):
        return self._sectors if self._sectors is not None else sector_choices()

    @cached_property
    def regions(self):
        return self._regions if self._regions is not None else region_choices()

    # --- The filtered base querysets --------------------------------------------------------

    def _scoped(self, queryset, sector, region):
        queryset = queryset.order_by()
        if self.sector_id is not None and sector is not None:
            queryset = queryset.alias(in_sector=sector).filter(in_sector=self.sector_id)
        if self.region_id is not None:
            queryset = queryset.alias(in_region=region).filter(in_region=self.region_id)
        return queryset

    def clicks_qs(self):
        clicks = ContactClick.objects.filter(**self.period.range_filter("created_at"))
        return self._scoped(clicks, EVENT_SECTOR, EVENT_REGION)

    def enquiries_qs(self):
        enquiries = Enquiry.objects.filter(**self.period.range_filter("created_at"))
        return self._scoped(enquiries, EVENT_SECTOR, EVENT_REGION)

    def paid_lines_qs(self):
        lines = OrderLine.objects.filter(
            order__status=Order.Status.PAID, **self.period.range_filter("order__paid_at")
        )
        return self._scoped(lines, EVENT_SECTOR, EVENT_REGION)

    def live_sellers_qs(self):
        # One row per business and product: translations are the same seller, the same product.
        return self._scoped(
            in_default_locale(SellerPage.objects.live()), SELLER_SECTOR, SELLER_REGION
        )

    def live_products_qs(self):
        return self._scoped(
            in_default_locale(ProductPage.objects.live()), PRODUCT_SECTOR, PRODUCT_REGION
        )

    def applications_qs(self):
        applications = SellerApplication.objects.filter(**self.period.range_filter("created_at"))
        return self._scoped(applications, SELLER_SECTOR, SELLER_REGION)

    def pledges_qs(self):
        pledges = Pledge.objects.filter(**self.period.range_filter("created_at"))
        return self._scoped(pledges, None, F("region_id"))

    # --- Grouped rows: one query each -------------------------------------------------------

    @cached_property
    def seller_cells(self):
        new = Q(**self.period.range_filter("first_published_at"))
        return list(
            self.live_sellers_qs()
            .values(dim_sector=SELLER_SECTOR, dim_region=SELLER_REGION)
            .annotate(active=Count("pk"), new=Count("pk", filter=new))
        )

    @cached_property
    def product_cells(self):
        new = Q(**self.period.range_filter("first_published_at"))
        return list(
            self.live_products_qs()
            .values(dim_sector=PRODUCT_SECTOR, dim_region=PRODUCT_REGION)
            .annotate(
                live=Count("pk"),
                certified=Count("pk", filter=Q(_verified_certificate_exists())),
                new=Count("pk", filter=new),
            )
        )

    @cached_property
    def click_groups(self):
        """Clicks per (product, seller, channel): one scan of the clicks table, no joins.

        Clicks are the big table (100,000 a year); grouping them on their own columns and
        labelling the few hundred groups afterwards is several times faster than grouping on
        joined sector/region columns. Contacts by sector, region, product and seller all come
        from these groups.
        """
        return list(
            self.clicks_qs()
            .values("product_id", "seller_id", "channel")
            .annotate(clicks=Count("pk"))
        )

    @cached_property
    def click_labels(self):
        """Sector, region and name of the products and sellers in `click_groups`: two queries."""
        product_ids = {row["product_id"] for row in self.click_groups if row["product_id"]}
        seller_ids = {row["seller_id"] for row in self.click_groups}
        products = {
            row["pk"]: row
            for row in ProductPage.objects.filter(pk__in=product_ids).values(
                "pk", "title", sector=PRODUCT_SECTOR
            )
        }
        sellers = {
            row["pk"]: row
            for row in SellerPage.objects.filter(pk__in=seller_ids).values(
                "pk", "title", "sector_id", "region_id"
            )
        }
        return products, sellers

    @cached_property
    def click_cells(self):
        products, sellers = self.click_labels
        cells = {}
        for row in self.click_groups:
            seller = sellers.get(row["seller_id"], {})
            product = products.get(row["product_id"], {})
            sector = product.get("sector") or seller.get("sector_id")  # as EVENT_SECTOR
            key = (sector, seller.get("region_id"), row["channel"])
            cells[key] = cells.get(key, 0) + row["clicks"]
        return [
            {"dim_sector": sector, "dim_region": region, "channel": channel, "clicks": clicks}
            for (sector, region, channel), clicks in cells.items()
        ]

    @cached_property
    def enquiry_cells(self):
        return list(
            self.enquiries_qs()
            .values(dim_sector=EVENT_SECTOR, dim_region=EVENT_REGION)
            .annotate(enquiries=Count("pk"))
        )

    @cached_property
    def sales_cells(self):
        return list(
            self.paid_lines_qs()
            .values(dim_sector=EVENT_SECTOR, dim_region=EVENT_REGION)
            .annotate(gmv=LINE_TOTAL)
        )

    @cached_property
    def sales_totals(self):
        # Orders are counted distinct: one order can hold lines of several sectors or sellers.
        totals = self.paid_lines_qs().aggregate(
            orders=Count("order_id", distinct=True), gmv=Coalesce(LINE_TOTAL, 0)
        )
        return totals["orders"], totals["gmv"]

    def _orders_by(self, expression):
        rows = (
            self.paid_lines_qs()
            .values(dim=expression)
            .annotate(orders=Count("order_id", distinct=True))
        )
        return {row["dim"]: row["orders"] for row in rows}

    @cached_property
    def orders_by_sector(self):
        return self._orders_by(EVENT_SECTOR)

    @cached_property
    def orders_by_region(self):
        return self._orders_by(EVENT_REGION)

    @cached_property
    def application_counts(self):
        rows = self.applications_qs().values("status").annotate(n=Count("pk"))
        return {row["status"]: row["n"] for row in rows}

    @cached_property
    def pledges_by_region(self):
        rows = self.pledges_qs().values("region_id").annotate(n=Count("pk"))
        return {row["region_id"]: row["n"] for row in rows}

    @cached_property
    def certificate_types(self):
        """Live products in scope with a verified, current certificate, per certificate type."""
        return list(
            Certificate.objects.verified()
            .current()
            .filter(product__in=self.live_products_qs().values("pk"))
            .values(
                "certification_type_id",
                "certification_type__name",
                "certification_type__short_label",
            )
            .annotate(products=Count("product_id", distinct=True))
            .order_by("certification_type__sort_order", "certification_type__name")
        )

    # --- Headline ---------------------------------------------------------------------------

    @cached_property
    def headline(self):
        orders, gmv = self.sales_totals
        numbers = {
            "sellers_active": _sum(self.seller_cells, "active"),
            "sellers_new": _sum(self.seller_cells, "new"),
            "applications_pending": self.application_counts.get("pending", 0),
            "applications_approved": self.application_counts.get("approved", 0),
            "applications_rejected": self.application_counts.get("rejected", 0),
            "products_live": _sum(self.product_cells, "live"),
            "products_certified": _sum(self.product_cells, "certified"),
            "products_new": _sum(self.product_cells, "new"),
            "clicks": _sum(self.click_cells, "clicks"),
            "enquiries": _sum(self.enquiry_cells, "enquiries"),
            "paid_orders": orders,
            "gmv": gmv,
            "average_order_value": average(gmv, orders),
            "pledges": sum(self.pledges_by_region.values()),
        }
        for channel in CHANNELS:
            numbers[f"clicks_{channel}"] = _sum(self.click_cells, "clicks", channel=channel)
        return numbers

    def headline_rows(self):
        """The headline as export rows, certificate types included."""
        rows = [
            {"section": SECTIONS[section], "key": key, "metric": label, "value": self.headline[key]}
            for section, key, label in HEADLINE_ROWS
        ]
        for cert in self.certificate_types:
            rows.append(
                {
                    "section": SECTIONS["products"],
                    "key": f"certified_{cert['certification_type_id']}",
                    "metric": _("Live products certified: %(type)s")
                    % {"type": cert["certification_type__name"]},
                    "value": cert["products"],
                }
            )
        for region in self.regions:
            pledges = self.pledges_by_region.get(region.id, 0)
            if pledges:
                rows.append(
                    {
                        "section": SECTIONS["campaign"],
                        "key": f"pledges_region_{region.id}",
                        "metric": _("Pledges: %(region)s") % {"region": region.name},
                        "value": pledges,
                    }
                )
        return rows

    # --- Breakdowns -------------------------------------------------------------------------

    def _breakdown(self, choices, dim, orders_by, selected_id, with_pledges):
        labelled = {choice.id: choice.name for choice in choices}
        if selected_id is not None:
            labelled = {selected_id: labelled.get(selected_id, "")}
        sums = {
            "sellers_active": _group_sum(self.seller_cells, dim, "active"),
            "sellers_new": _group_sum(self.seller_cells, dim, "new"),
            "products_live": _group_sum(self.product_cells, dim, "live"),
            "products_certified": _group_sum(self.product_cells, dim, "certified"),
            "clicks": _group_sum(self.click_cells, dim, "clicks"),
            "enquiries": _group_sum(self.enquiry_cells, dim, "enquiries"),
            "paid_orders": orders_by,
            "gmv": _group_sum(self.sales_cells, dim, "gmv"),
        }
        if with_pledges:
            sums["pledges"] = self.pledges_by_region
        keys = list(labelled)
        # Rows without a sector (or region) still count in the totals; show them as such.
        if any(sum_.get(None) for sum_ in sums.values()):
            keys.append(None)
        rows = []
        for key in keys:
            row = {"id": key, "name": labelled.get(key) or str(_("Not set"))}
            row.update({metric: values.get(key, 0) for metric, values in sums.items()})
            rows.append(row)
        total = {"id": "total", "name": str(_("Total")), "is_total": True}
        headline = self.headline
        total.update({metric: headline[metric] for metric in sums})
        return rows, total

    @cached_property
    def by_sector(self):
        return self._breakdown(
            self.sectors, "dim_sector", self.orders_by_sector, self.sector_id, with_pledges=False
        )

    @cached_property
    def by_region(self):
        return self._breakdown(
            self.regions, "dim_region", self.orders_by_region, self.region_id, with_pledges=True
        )

    # --- Time series ------------------------------------------------------------------------

    def _bucketed(self, queryset, field, **aggregates):
        """Group by WITA week or month: a CASE over the bucket edges, which are WITA midnights.

        Portable and exact on any database. (Django's TruncWeek/TruncMonth with tzinfo does the
        same on PostgreSQL, but on SQLite it calls a Python function per row: five times slower
        on a year of clicks.)
        """
        starts = self.period.bucket_starts()
        bucket = Case(
            *[
                When(**{f"{field}__lt": wita_midnight(next_start)}, then=Value(index))
                for index, next_start in enumerate(starts[1:])
            ],
            default=Value(len(starts) - 1),
            output_field=IntegerField(),
        )
        rows = queryset.values(bucket=bucket).annotate(**aggregates)
        return {starts[row.pop("bucket")]: row for row in rows}

    @cached_property
    def series(self):
        clicks = self._bucketed(self.clicks_qs(), "created_at", clicks=Count("pk"))
        enquiries = self._bucketed(self.enquiries_qs(), "created_at", enquiries=Count("pk"))
        sales = self._bucketed(
            self.paid_lines_qs(),
            "order__paid_at",
            paid_orders=Count("order_id", distinct=True),
            gmv=LINE_TOTAL,
        )
        pledges = self._bucketed(self.pledges_qs(), "created_at", pledges=Count("pk"))
        rows = []
        for start in self.period.bucket_starts():
            rows.append(
                {
                    "bucket": start,
                    "label": self.period.bucket_label(start),
                    "clicks": clicks.get(start, {}).get("clicks", 0),
                    "enquiries": enquiries.get(start, {}).get("enquiries", 0),
                    "paid_orders": sales.get(start, {}).get("paid_orders", 0),
                    "gmv": sales.get(start, {}).get("gmv") or 0,
                    "pledges": pledges.get(start, {}).get("pledges", 0),
                }
            )
        return rows

    # --- Top 10 -----------------------------------------------------------------------------

    def _top_contacts(self, key, name):
        totals = {}
        for row in self.click_groups:
            if row[key] is None:
                continue
            entry = totals.setdefault(
                row[key], {key: row[key], "contacts": 0, "whatsapp": 0, "phone": 0, "email": 0}
            )
            entry["contacts"] += row["clicks"]
            if row["channel"] in entry:
                entry[row["channel"]] += row["clicks"]
        for entry in totals.values():
            entry.update(name(entry[key]))
        return sorted(totals.values(), key=lambda e: (-e["contacts"], e["name"]))[:TOP_N]

    @cached_property
    def top_products_by_contacts(self):
        products, sellers = self.click_labels
        seller_of = {row["product_id"]: row["seller_id"] for row in self.click_groups}

        def name(product_id):
            return {
                "name": products.get(product_id, {}).get("title", ""),
                "seller_name": sellers.get(seller_of[product_id], {}).get("title", ""),
            }

        return self._top_contacts("product_id", name)

    @cached_property
    def top_sellers_by_contacts(self):
        _products, sellers = self.click_labels
        return self._top_contacts(
            "seller_id", lambda seller_id: {"name": sellers.get(seller_id, {}).get("title", "")}
        )

    @cached_property
    def top_products_by_sales(self):
        # Grouped by product; the line's saved product name survives a deleted product.
        return list(
            self.paid_lines_qs()
            .values("product_id", seller_name=F("seller__title"))
            .annotate(
                name=Coalesce(F("product__title"), F("product_name")),
                paid_orders=Count("order_id", distinct=True),
                units=Sum("quantity"),
                gmv=LINE_TOTAL,
            )
            .order_by("-gmv", "name")[:TOP_N]
        )

    @cached_property
    def top_products_variant_sales(self):
        """{product id: "Ukuran: M ×3 · Ukuran: L ×2"} for the top products by sales, one query.

        Variant sales are counted under their product everywhere; this only spells them out.
        """
        ids = [row["product_id"] for row in self.top_products_by_sales if row["product_id"]]
        if not ids:
            return {}
        rows = (
            self.paid_lines_qs()
            .filter(product_id__in=ids)
            .exclude(variant_label="")
            .values("product_id", "variant_label")
            .annotate(units=Sum("quantity"))
            .order_by("product_id", "-units", "variant_label")
        )
        sold = {}
        for row in rows:
            sold.setdefault(row["product_id"], []).append(f"{row['variant_label']} ×{row['units']}")
        return {product_id: " · ".join(parts) for product_id, parts in sold.items()}

    @cached_property
    def sales_by_payment_method(self):
        """How people pay: paid orders and GMV per provider and method (QRIS, BCA VA, card…)."""
        rows = (
            self.paid_lines_qs()
            .values(provider=F("order__payment_provider"), method=F("order__payment_method"))
            .annotate(paid_orders=Count("order_id", distinct=True), gmv=LINE_TOTAL)
            .order_by("-gmv", "provider", "method")
        )
        labels = dict(PaymentProvider.choices)
        return [
            {
                **row,
                "name": " · ".join(
                    part
                    for part in [
                        str(labels.get(row["provider"], row["provider"] or "")),
                        payment_method_label(row["method"] or ""),
                    ]
                    if part
                )
                or "–",
            }
            for row in rows
        ]

    @cached_property
    def top_sellers_by_sales(self):
        return list(
            self.paid_lines_qs()
            .values("seller_id", name=F("seller__title"))
            .annotate(
                paid_orders=Count("order_id", distinct=True),
                units=Sum("quantity"),
                gmv=LINE_TOTAL,
            )
            .order_by("-gmv", "name")[:TOP_N]
        )


# --- The public impact page -----------------------------------------------------------------


def public_headline():
    """IKM joined, products listed, pledges, contacts this month: four counts, cached briefly."""
    today = today_wita()
    key = f"impact:public-headline:{today:%Y-%m}"
    numbers = cache.get(key)
    if numbers is None:
        month = this_month(today)
        numbers = {
            "sellers": in_default_locale(SellerPage.objects.live().public()).count(),
            "products": in_default_locale(ProductPage.objects.live().public()).count(),
            "pledges": Pledge.objects.filter(agreed_to_be_counted=True).count(),
            "contacts_this_month": ContactClick.objects.filter(
                **month.range_filter("created_at")
            ).count(),
        }
        numbers.update(
            programme_public_numbers(
                wita_midnight(today.replace(month=1, day=1)),
                wita_midnight(today.replace(year=today.year + 1, month=1, day=1)),
            )
        )
        cache.set(key, numbers, getattr(settings, "IMPACT_PUBLIC_CACHE_SECONDS", 300))
    return numbers
