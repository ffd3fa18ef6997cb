"""Benchmark of the impact dashboard on a year of data: 100,000 contact clicks, 10,000 orders.

`bench_rows()` seeds the CURRENT database (once; a second call reuses the rows) and returns
[(label, queries, median_ms)]. tests/bench.py calls it after setting Django up on its bench
database; on its own: `python -m tests.impact.bench_impact` (a throw-away SQLite file).
"""

import datetime
import os
import random
import statistics
import time

CLICKS = 100_000
ORDERS = 10_000
SELLERS = 20
PRODUCTS_PER_SELLER = 10
RUNS = 5
MARKER = "/bench-impact/"


def _pages():
    from marketplace.sellers import SellerIndexPage, SellerPage
    from marketplace.taxonomy import Category, Region, Sector
    from pasarlokal.demo.home import ensure_home
    from tests.factories import ProductPageFactory

    home, _site = ensure_home()
    index = SellerIndexPage.objects.first()
    if index is None:
        index = SellerIndexPage(title="Penjual", slug="penjual")
        home.add_child(instance=index)
    sectors = [
        Sector.objects.in_default_locale().get_or_create(
            slug=f"bench-sektor-{n}", defaults={"name": f"Sektor {n}"}
        )[0]
        for n in range(6)
    ]
    categories = [
        Category.objects.in_default_locale().get_or_create(
            slug=f"bench-kategori-{n}", defaults={"name": f"Kategori {n}", "sector": sectors[n % 6]}
        )[0]
        for n in range(12)
    ]
    regions = [
        Region.objects.in_default_locale().get_or_create(
            slug=f"bench-wilayah-{n}", defaults={"name": f"Wilayah {n}", "code": f"99.{n:02d}"}
        )[0]
        for n in range(10)
    ]
    sellers = list(SellerPage.objects.filter(slug__startswith="bench-penjual-"))
    for n in range(len(sellers), SELLERS):
        seller = SellerPage(
            title=f"Penjual Uji {n}",
            slug=f"bench-penjual-{n}",
            owner_name="Uji",
            region=regions[n % 10],
            sector=sectors[n % 6],
        )
        index.add_child(instance=seller)
        for m in range(PRODUCTS_PER_SELLER):
            ProductPageFactory(
                parent=seller, title=f"Produk Uji {n}-{m}", category=categories[(n + m) % 12]
            )
        sellers.append(seller)
    return sellers


def seed_year(now=None):
    """Bulk-insert a year of clicks and orders unless they are already there."""
    from django.utils import timezone

    from marketplace.contact.models import ContactClick
    from marketplace.orders.models import Order, OrderLine
    from marketplace.products import ProductPage

    if ContactClick.objects.filter(referrer_path=MARKER).count() >= CLICKS:
        return
    sellers = _pages()
    products = list(
        ProductPage.objects.filter(seller__in=sellers).values_list("pk", "seller_id", "title")
    )
    rng = random.Random(8)
    now = now or timezone.now()
    year = 365 * 24 * 3600

    def moment():
        return now - datetime.timedelta(seconds=rng.randrange(year))

    channels = ["whatsapp"] * 6 + ["phone", "email", "whatsapp_cart"]
    clicks = []
    for _ in range(CLICKS):
        pk, seller_id, _title = rng.choice(products)
        clicks.append(
            ContactClick(
                product_id=pk,
                seller_id=seller_id,
                channel=rng.choice(channels),
                created_at=moment(),
                referrer_path=MARKER,
            )
        )
    ContactClick.objects.bulk_create(clicks, batch_size=5000)

    statuses = ["paid"] * 7 + ["pending", "cancelled", "refunded"]
    orders = []
    for n in range(ORDERS):
        status = rng.choice(statuses)
        when = moment()
        orders.append(
            Order(
                reference=f"BENCH-{n:06d}",
                access_token=f"bench-{n}-{rng.getrandbits(64):x}",
                status=status,
                customer_name="Uji",
                customer_email="uji@example.com",
                paid_at=when if status in ("paid", "refunded") else None,
            )
        )
    orders = Order.objects.bulk_create(orders, batch_size=2000)
    if orders[0].pk is None:  # backends that don't return ids from bulk inserts
        orders = list(Order.objects.filter(reference__startswith="BENCH-").order_by("pk"))
    lines = []
    for order in orders:
        for _ in range(rng.randint(1, 3)):
            pk, seller_id, title = rng.choice(products)
            lines.append(
                OrderLine(
                    order_id=order.pk,
                    product_id=pk,
                    seller_id=seller_id,
                    product_name=title,
                    unit_price=rng.choice([25000, 50000, 150000, 450000]),
                    quantity=rng.randint(1, 4),
                )
            )
    OrderLine.objects.bulk_create(lines, batch_size=5000)


def _measure(client, url, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, params)  # warm-up
    timings, queries = [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url, params)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(ctx.captured_queries)
    return queries, round(statistics.median(timings), 1)


def bench_rows():
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from marketplace.sellers import SellerPage

    seed_year()
    User = get_user_model()
    editor = User.objects.filter(
        username="bench-impact-editor"
    ).first() or User.objects.create_superuser("bench-impact-editor", "bench@example.com", None)
    seller_user = User.objects.filter(username="bench-impact-seller").first()
    if seller_user is None:
        seller_user = User.objects.create_user("bench-impact-seller", "s@example.com", None)
        from marketplace.sellerportal.setup import add_seller_member

        add_seller_member(
            SellerPage.objects.filter(slug__startswith="bench-penjual-").first(), seller_user
        )
    rows = []
    with override_settings(ALLOWED_HOSTS=["*"]):
        client = Client()
        client.force_login(editor)
        dashboard = reverse("impact:dashboard")
        queries, ms = _measure(client, dashboard, {"period": "year"})
        rows.append(("impact dashboard, 12 months (100k clicks, 10k orders)", queries, ms))
        sector = SellerPage.objects.filter(slug__startswith="bench-penjual-").first().sector_id
        queries, ms = _measure(client, dashboard, {"period": "year", "sector": sector})
        rows.append(("impact dashboard, 12 months, one sector", queries, ms))
        queries, ms = _measure(client, dashboard, {"period": "year", "export": "xlsx"})
        rows.append(("impact dashboard XLSX export, 12 months", queries, ms))
        client.force_login(seller_user)
        queries, ms = _measure(client, reverse("wagtailadmin_home"), {"numbers": "year"})
        rows.append(("seller home with own numbers, 12 months", queries, ms))
    cache.clear()
    return rows


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pasarlokal.settings.test")
    os.environ.setdefault("DATABASE_URL", "sqlite:///bench-impact.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    rows = bench_rows()
    print(f"(seeded and measured in {time.perf_counter() - started:.0f}s)")
    for label, queries, ms in rows:
        print(f"{label:<60} {queries:>4} queries {ms:>9.1f} ms")


if __name__ == "__main__":
    main()
