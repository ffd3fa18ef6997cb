"""`make bench`: how the shopper-facing pages behave at ~100 and at 10,000 products.

Builds a SEPARATE SQLite database (bench-catalogue.sqlite3 in the repository root, git-ignored),
seeds the demo (about a hundred products), measures every page, adds synthetic products with
`seed_demo --products N` and measures again. For each page it prints the number of SQL queries
and the median server time over the requests (Django's test client, so no network).

Other areas add lines without touching this file's logic:
- append `(label, url_or_callable)` to `PAGES` (a callable gets no arguments and returns a URL,
  e.g. to pick a product that exists), or
- put `PAGES = [...]` (same shape) in `tests/<area>/bench_pages.py`; it is picked up here.

    python -m tests.bench [--products 10000] [--requests 50] [--keep]
    python -m tests.bench --http [--database-url postgres://…/bench_db]

The in-process figures are uncached renders (the page cache is off there, and with it the
catalogue's facet-count cache, which is keyed by the page cache's version): "median ms" with the
product card cache warm, "cards ms" with every card rendered (card cache off). `--http` also runs
gunicorn with 2 workers and measures requests per second against a static file with wrk, cached
and uncached (see tests/bench_http.py; "uncached" misses the page cache but finds the cards and
the facet counts of its filter set kept, as any page does between two changes). `--database-url` benchmarks another database (its
contents are REPLACED unless --keep).
"""

import argparse
import importlib
import os
import pkgutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "bench-catalogue.sqlite3"


def _first_product_url():
    from marketplace.products import ProductPage

    return ProductPage.objects.live().order_by("-first_published_at").first().url


def _page_url(dotted):
    def url():
        import importlib

        module, name = dotted.rsplit(".", 1)
        model = getattr(importlib.import_module(module), name)
        page = model.objects.live().order_by("pk").first()
        return page.url if page else "/"

    return url


def _busiest_storefront_url():
    from django.db.models import Count

    from marketplace.sellers import SellerPage

    return SellerPage.objects.live().annotate(n=Count("products")).order_by("-n", "pk").first().url


PAGES = [
    ("catalogue", "/katalog/"),
    ("catalogue, sector + region", "/katalog/?sektor=pangan&wilayah=dompu"),
    (
        "catalogue, all filters",
        "/katalog/?sektor=pangan&kategori=kopi-teh&wilayah=dompu&sertifikat=halal"
        "&tersedia=stok&min_price=10000&max_price=500000&urut=harga-naik",
    ),
    ("catalogue, page 3 by price", "/katalog/?urut=harga-turun&page=3"),
    ("product page", _first_product_url),
    ("storefront (largest seller)", _busiest_storefront_url),
    ("seller directory", "/penjual/"),
    ("seller directory, filtered", "/penjual/?wilayah=kota-mataram&sektor=ekonomi-kreatif"),
    ("search 'kopi'", "/cari/?q=kopi"),
    ("search 'tenun songket'", "/cari/?q=tenun+songket"),
    ("home", "/"),
    ("campaign index", _page_url("campaign.stories.CampaignIndexPage")),
    ("story", _page_url("campaign.stories.StoryPage")),
    ("events", _page_url("campaign.events.EventIndexPage")),
    ("IKM centres", _page_url("campaign.centres.CentreIndexPage")),
    ("impact page", _page_url("impact.models.ImpactPage")),
]


def discover_pages():
    """PAGES from tests/<area>/bench_pages.py, in area order."""
    import tests

    extra = []
    for module in sorted(pkgutil.iter_modules(tests.__path__), key=lambda m: m.name):
        if not module.ispkg:
            continue
        try:
            found = importlib.import_module(f"tests.{module.name}.bench_pages")
        except ModuleNotFoundError:
            continue
        extra.extend(getattr(found, "PAGES", []))
    return PAGES + extra


def setup_django(database_url=None):
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{DATABASE}"
    os.environ.setdefault("PAGE_CACHE_LOCAL_SECONDS", "600")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pasarlokal.settings.dev")
    os.environ["DEBUG"] = "false"  # measure what production runs: no debug toolbar-ish overhead
    os.environ.setdefault("MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "pasarlokal-bench-media"))
    import django

    django.setup()


def seed(products):
    from django.core.management import call_command

    started = time.monotonic()
    call_command("seed_demo", products=products, verbosity=0)
    return time.monotonic() - started


def measure(pages, requests):
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    with override_settings(PAGE_CACHE_ENABLED=False):  # server time of a render, not a cache hit
        return _measure(pages, requests, Client, connection, CaptureQueriesContext)


def resolve(pages):
    return [(label, target() if callable(target) else target) for label, target in pages]


def http_env():
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "pasarlokal.settings.dev"
    env["DEBUG"] = "false"
    return env


def _measure(pages, requests, Client, connection, CaptureQueriesContext):
    from django.test import override_settings

    client = Client()
    rows = []
    for label, target in pages:
        url = target() if callable(target) else target
        response = client.get(url)  # warm: renditions, caches
        status = response.status_code
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries = len(ctx.captured_queries)
        times = _times(client, url, requests)
        with override_settings(CARD_CACHE_ENABLED=False):  # every product card rendered
            cold = _times(client, url, max(3, requests // 5))
        rows.append((label, status, queries, statistics.median(times), statistics.median(cold)))
    return rows


def _times(client, url, requests):
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return times


def product_count():
    from marketplace.products import ProductPage

    return ProductPage.objects.live().count()


def print_table(small, large, small_n, large_n):
    """Median ms with the card cache warm, and (cards) with every product card rendered."""
    width = max(len(label) for label, *_ in small) + 2
    columns = f"{'queries':>8} {'median ms':>10} {'cards ms':>9}"
    header = f"{'page':<{width}} {columns}   {columns}"
    print()
    print(f"{'':<{width}} {f'{small_n:,} products':>29}   {f'{large_n:,} products':>29}")
    print(header)
    print("-" * len(header))
    for small_row, large_row in zip(small, large, strict=True):
        label, s_status, s_q, s_ms, s_cold = small_row
        _label, l_status, l_q, l_ms, l_cold = large_row
        note = "" if s_status == l_status == 200 else f"  (HTTP {s_status}/{l_status})"
        print(
            f"{label:<{width}} {s_q:>8} {s_ms:>10.1f} {s_cold:>9.1f}"
            f"   {l_q:>8} {l_ms:>10.1f} {l_cold:>9.1f}{note}"
        )
    print("(cards ms: the same render with the card cache off, every product card rendered)")
    print()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="reuse an existing bench database")
    parser.add_argument(
        "--skip-impact", action="store_true", help="skip the impact dashboard (a year of data)"
    )
    parser.add_argument("--http", action="store_true", help="also measure req/s through gunicorn")
    parser.add_argument("--database-url", default="", help="benchmark this database instead")
    parser.add_argument(
        "--no-seed", action="store_true", help="with --keep: measure the database as it is"
    )
    parser.add_argument("--demo-only", action="store_true", help="stop after the demo size")
    args = parser.parse_args(argv)
    if not args.keep and not args.database_url and DATABASE.exists():
        DATABASE.unlink()
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    if args.database_url and not args.keep and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0, interactive=False)
    if args.http:
        call_command("collectstatic", verbosity=0, interactive=False)
    db_name = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    print(f"Seeding the demo into {connection.settings_dict['NAME']}…", flush=True)
    if not (args.keep and args.no_seed):
        print(f"  demo seeded in {seed(0):.0f}s", flush=True)
    pages = discover_pages()
    small_n = product_count()
    small = measure(pages, args.requests)
    if args.http:
        from tests.bench_http import measure_http, print_http_table

        connection.close()
        http_small = measure_http(resolve(pages), http_env())
        print_http_table(http_small, f"{db_name}, {small_n:,} products")
    if args.demo_only:
        print(f"\n{'page':<32} {'queries':>8} {'median ms':>10} {'cards ms':>9}   ({small_n:,})")
        for label, status, queries, ms, cold in small:
            note = "" if status == 200 else f"  (HTTP {status})"
            print(f"{label:<32} {queries:>8} {ms:>10.1f} {cold:>9.1f}{note}")
        return 0
    print(f"Adding {args.products:,} synthetic products…", flush=True)
    print(f"  seeded (incl. search and reference index) in {seed(args.products):.0f}s", flush=True)
    large_n = product_count()
    large = measure(pages, args.requests)
    print_table(small, large, small_n, large_n)
    if args.http:
        connection.close()
        http_large = measure_http(resolve(pages), http_env())
        print_http_table(http_small, f"{db_name}, {small_n:,} products")
        print_http_table(http_large, f"{db_name}, {large_n:,} products")
    if not args.skip_impact:
        from tests.impact.bench_impact import bench_rows as impact_rows

        print("Seeding a year of campaign data (100,000 clicks, 10,000 orders)…", flush=True)
        rows = impact_rows()
        width = max(len(label) for label, *_ in rows) + 2
        print(f"\n{'admin page':<{width}} {'queries':>8} {'median ms':>10}")
        for label, queries, ms in rows:
            print(f"{label:<{width}} {queries:>8} {ms:>10.1f}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
