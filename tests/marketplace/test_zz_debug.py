import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

URLS = [
    "/katalog/",
    "/katalog/?sektor=pangan&wilayah=dompu&sertifikat=halal&tersedia=stok&min_price=5",
    "/penjual/kopi-tambora/",
    "/penjual/",
    "/cari/?q=kopi",
]


def test_debug(client, shop):
    for n in range(3):
        p = shop.add_product(title=f"Kopi {n}", origin_region=shop.dompu)
        shop.add_photo(p)
        shop.add_certificate(p)
    urls = URLS + [p.url]
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url)
        print("\n=====", url, r.status_code, len(ctx.captured_queries))
        for q in ctx.captured_queries:
            print("  ", q["sql"][:150])
