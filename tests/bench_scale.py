"""`make bench-scale`: latency percentiles of search and listings as the catalogue grows.

    python -m tests.bench_scale --database-url postgres://…/bench_scale [--sizes 1000,100000]

Seeds the demo into the given database (its contents are REPLACED unless --keep), tops it up
with synthetic products to each size in turn (`seed_demo --products N`, which also runs VACUUM
ANALYZE), and at each size runs gunicorn (2 sync workers) twice, and wrk (4 connections)
measures each page's latency percentiles:
- "page cache off": every request renders and runs all its SQL (no page, facet counts or listing
  keys kept between requests): the database's work at that size, request after request;
- "page-cache misses": production settings, every request with a fresh `_bench=N` parameter,
  so it misses the page cache and renders, finding what is kept per version (as any visitor
  between two changes whose URL the cache has not seen).
The product card cache stays on in both, as in production. The tables give p50 and p95 per size
and the p95 ratio of the last size to the first.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import urllib.request

from tests.bench import product_count, seed, setup_django
from tests.bench_http import UNCACHED_LUA, Server, free_port

PAGES = [
    ("search 'kopi'", "/cari/?q=kopi"),
    ("catalogue, text + two facets", "/katalog/?q=kopi&sektor=pangan&wilayah=dompu"),
    ("catalogue", "/katalog/"),
    ("seller directory", "/penjual/"),
]

# wrk prints the percentiles it is asked for (microseconds) after its own report.
LATENCY_LUA = """
done = function(summary, latency, requests)
  for _, p in pairs({50, 95}) do
    io.write(string.format("p%d %d\\n", p, latency:percentile(p)))
  end
end
"""


def latency(url, seconds, connections, script):
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    found = dict(re.findall(r"^(p\d+) (\d+)$", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return int(found["p50"]) / 1000, int(found["p95"]) / 1000, int(errors.group(1)) if errors else 0


MODES = [
    ("page cache off", {"PAGE_CACHE_ENABLED": "false"}, ""),
    ("page-cache misses", {}, UNCACHED_LUA),
]


def measure(env, seconds, connections, requests_lua=""):
    port = free_port(int(os.environ.get("BENCH_PORT", "8500")))
    base = f"http://127.0.0.1:{port}"
    rows = []
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(requests_lua + LATENCY_LUA)
    try:
        with Server(env, port):
            for label, path in PAGES:
                # One request alone first: a freshly seeded catalogue's photos have no renditions
                # yet (seed_demo skips the per-image tasks), and four connections racing to make
                # the same ones put seconds into the first size's p95.
                urllib.request.urlopen(base + path, timeout=300).read()
                latency(base + path, 2, connections, lua.name)  # warm: card cache, both workers
                rows.append((label, *latency(base + path, seconds, connections, lua.name)))
    finally:
        os.unlink(lua.name)
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--sizes", default="1000,100000", help="catalogue sizes, ascending")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="start from the database as it is")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    if not args.keep and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    if not product_count():
        print(f"  demo seeded in {seed(0):.0f}s", flush=True)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="pasarlokal.settings.dev", DEBUG="false")
    results = {mode: [] for mode, _env, _lua in MODES}
    for size in sizes:
        missing = size - product_count()
        if missing > 0:
            print(f"Adding {missing:,} products…", flush=True)
            print(f"  seeded in {seed(missing):.0f}s", flush=True)
        count = product_count()
        connection.close()
        for mode, overrides, lua in MODES:
            rows = measure(env | overrides, args.seconds, args.connections, lua)
            results[mode].append((count, rows))
        print(f"  measured at {count:,} products", flush=True)
    for mode, _env, _lua in MODES:
        print(f"\n{mode}")
        print_table(results[mode])
    return 0


def print_table(results):
    width = max(len(label) for label, _path in PAGES) + 2
    first_count, first = results[0]
    header = f"{'page':<{width}}" + "".join(
        f" {f'{count:,}: p50':>12} {'p95 ms':>8}" for count, _rows in results
    )
    print(header + f" {'p95 ratio':>10}")
    print("-" * (len(header) + 11))
    for index, (label, _path) in enumerate(PAGES):
        cells = ""
        for _count, rows in results:
            _label, p50, p95, errors = rows[index]
            cells += f" {p50:>12.1f} {p95:>8.1f}" + (f" ({errors} non-2xx)" if errors else "")
        ratio = results[-1][1][index][2] / first[index][2] if first[index][2] else 0
        print(f"{label:<{width}}{cells} {ratio:>9.1f}x")
    print(f"(p95 ratio = last size / {first_count:,})")


if __name__ == "__main__":
    sys.exit(main())
