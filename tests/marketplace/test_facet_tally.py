"""The catalogue's facet tally (marketplace.tally): kept on every write, it counts what the
catalogue's own aggregate over the products would, and the catalogue reads it instead."""

import pytest

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from marketplace import tally
from marketplace.facets import CatalogueFilters, facet_counts
from marketplace.products import ProductPage, StockRecord, reserve_stock
from marketplace.taxonomy import taxonomy_snapshot
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

URL = "/katalog/"

# Every filter the tally answers, alone and together (with and without a payment provider).
TALLIED_QUERIES = [
    "",
    "sektor=pangan",
    "kategori=kopi",
    "wilayah=dompu",
    "sektor=pangan&wilayah=lombok-tengah",
    "tersedia=stok",
    "tersedia=online",
    "tersedia=kontak",
    "harga=0-50000",
    "harga=50000-150000",
    "harga=1000000-",
    "min_price=50000&max_price=149999",  # typed, but exactly a listed range
    "sektor=ekonomi-kreatif&tersedia=kontak&harga=1000000-",
]


def counts(query, tallied):
    request = RequestFactory().get(f"{URL}?{query}")
    filters = CatalogueFilters.from_request(request, taxonomy_snapshot())
    found = facet_counts(
        ProductPage.objects.listed(), filters, tallied=tally.facet_rows if tallied else None
    )
    return found.by_category, found.by_region, found.totals, tally.tally_answers(filters)


def assert_tally_agrees():
    """Each tallied count equals the catalogue's aggregate over the products, and the tally
    kept write by write equals one counted afresh."""
    for query in TALLIED_QUERIES:
        *live, _answers = counts(query, tallied=False)
        *kept, answers = counts(query, tallied=True)
        assert answers, query
        assert kept == live, query
    kept = {row.key(): row.products for row in tally.FacetTally.objects.filter(products__gt=0)}
    tally.rebuild()
    fresh = {row.key(): row.products for row in tally.FacetTally.objects.all()}
    assert kept == fresh


@pytest.mark.parametrize("provider", [False, True], ids=["whatsapp-only", "paying"])
def test_the_tally_follows_every_change_the_catalogue_counts(shop, settings, provider):
    if provider:
        settings.MIDTRANS_SERVER_KEY = "SB-Mid-server-test-key"  # "Beli online" needs a provider
    robusta = shop.add_product(title="Kopi Robusta", price=65_000)
    arabika = shop.add_product(title="Kopi Arabika", price=95_000, quantity=0, made_to_order=True)
    madu = shop.add_product(
        title="Madu Sumbawa", category=shop.honey, price=40_000, origin_region=shop.sumbawa
    )
    songket = shop.add_product(
        seller=shop.weaver, category=shop.weaving, title="Songket", price=2_750_000
    )
    unpriced = shop.add_product(title="Kopi Lelang", price=None)
    assert_tally_agrees()

    # A purchase that sells out (a conditional UPDATE, no post_save), then a restock.
    assert reserve_stock(robusta.pk, 10)
    assert_tally_agrees()
    StockRecord.objects.filter(pk=robusta.pk).update(quantity=3)
    # A price moved into another range, and "not online" for one product, through save().
    record = StockRecord.objects.get(pk=madu.pk)
    record.price, record.sells_online = 180_000, False
    record.save()
    assert_tally_agrees()

    # Published edits: the category, region and made-to-order move the product's row.
    revision_of = ProductPage.objects.get(pk=arabika.pk)
    revision_of.category, revision_of.origin_region = shop.honey, shop.central
    revision_of.made_to_order = False
    revision_of.save_revision().publish()
    # A seller that starts selling online (saved when its page is published).
    weaver = shop.weaver.specific
    weaver.sells_online = True
    weaver.save_revision().publish()
    assert_tally_agrees()

    # Unpublished, deleted, and a region deleted under its products.
    ProductPage.objects.get(pk=unpriced.pk).unpublish()
    ProductPage.objects.get(pk=songket.pk).delete()
    lost = RegionFactory(name="Bima", slug="bima", code="52.06")
    shop.add_product(title="Kopi Bima", origin_region=lost)
    assert_tally_agrees()
    lost.delete()
    assert_tally_agrees()
    assert counts("", tallied=True)[2]["total"] == 4


def test_a_storefront_deleted_with_its_products_leaves_the_tally_right(shop):
    """Deleting a page deletes its subtree in SQL batches (treebeard), product pages included."""
    shop.add_product(title="Kopi Robusta", price=65_000)
    shop.add_product(seller=shop.weaver, category=shop.weaving, title="Songket", price=2_750_000)
    shop.add_product(seller=shop.weaver, category=shop.weaving, title="Selendang", price=450_000)
    assert counts("", tallied=True)[2]["total"] == 3
    shop.weaver.delete()
    assert_tally_agrees()
    assert counts("", tallied=True)[2]["total"] == 1


def test_a_product_moved_to_another_storefront_is_that_sellers_and_counted_so(shop, settings):
    settings.MIDTRANS_SERVER_KEY = "SB-Mid-server-test-key"  # "Beli online" needs a provider
    kopi = shop.add_product(title="Kopi Robusta", price=65_000)
    assert counts("tersedia=online", tallied=True)[2]["total"] == 1
    ProductPage.objects.get(pk=kopi.pk).move(shop.weaver, pos="last-child")  # Wagtail's move
    assert ProductPage.objects.get(pk=kopi.pk).seller_id == shop.weaver.pk
    assert_tally_agrees()
    # The weaver takes WhatsApp orders only: no longer "buy online".
    assert counts("tersedia=online", tallied=True)[2]["total"] == 0


def test_a_stock_change_shows_in_the_next_catalogue_counts_read_from_the_tally(
    client, shop, page_cache_off
):
    shop.add_product(title="Kopi Robusta", price=65_000)
    last = shop.add_product(title="Kopi Arabika", price=95_000, quantity=1)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"sektor": "pangan"})
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert tally.FacetTally._meta.db_table in sql
    # The products are not grouped and counted per request: the tally's rows are summed.
    assert 'GROUP BY "marketplace_productpage"."category_id"' not in sql
    availability = {v.label: v.count for f in response.context["facets"] for v in f.values}
    assert availability["Stok tersedia"] == 2
    assert reserve_stock(last.pk, 1)  # the last one sold
    response = client.get(URL, {"sektor": "pangan"})
    availability = {v.label: v.count for f in response.context["facets"] for v in f.values}
    assert availability["Stok tersedia"] == 1
    assert response.context["total"] == 2


def test_filters_the_tally_does_not_hold_are_counted_from_the_products(shop):
    """A certificate, a size, a typed price that is not a listed range, and a view restriction
    on a section with products: counted by the aggregate, and counted right."""
    coffee = shop.add_product(title="Kopi Robusta", price=65_000)
    shop.add_product(title="Kopi Arabika", price=95_000)
    shop.add_certificate(coffee)
    for query in ("sertifikat=halal", "min_price=60000&max_price=70000"):
        *_counts, answers = counts(query, tallied=True)
        assert not answers, query
        assert counts(query, tallied=True) == counts(query, tallied=False)
    assert counts("sertifikat=halal", tallied=True)[2]["total"] == 1
    assert counts("min_price=60000&max_price=70000", tallied=True)[2]["total"] == 1

    PageViewRestriction.objects.create(
        page=shop.coffee_seller, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert counts("", tallied=True)[2]["total"] == 0  # the coffee seller's two are private now
    assert counts("", tallied=True) == counts("", tallied=False)


def test_rebuild_facet_tally_counts_products_loaded_behind_its_back(shop):
    from django.core.management import call_command

    shop.add_product(title="Kopi Robusta", price=65_000)
    added = shop.add_product(title="Kopi Arabika", price=95_000)
    # SQL that bypasses the site (a bulk script): the tally cannot know.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {StockRecord._meta.db_table} SET price = %s WHERE product_id = %s",
            [2_000_000, added.pk],
        )
    assert counts("harga=1000000-", tallied=True)[2]["total"] == 0
    call_command("rebuild_facet_tally", verbosity=0)
    assert_tally_agrees()
    assert counts("harga=1000000-", tallied=True)[2]["total"] == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_of_one_product_leave_the_tally_right(shop):
    """Two transactions change one product at once (a purchase that sells it out, a price
    change): the second waits on the product's own tally row, then counts both changes."""
    import threading

    from django.db import transaction

    product = shop.add_product(title="Kopi Robusta", price=65_000, quantity=1)
    sold = threading.Event()
    errors = []

    def buyer():
        try:
            with transaction.atomic():
                assert reserve_stock(product.pk, 1)
                sold.set()
                threading.Event().wait(0.5)  # still open while the seller saves
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            sold.set()
            connection.close()  # the thread's own (CONN_MAX_AGE keeps it open otherwise)

    thread = threading.Thread(target=buyer)
    thread.start()
    sold.wait(5)
    try:
        with transaction.atomic():
            StockRecord.objects.filter(pk=product.pk).update(price=1_500_000)
    finally:
        thread.join(10)
    assert not errors
    assert_tally_agrees()
    *_rest, totals, _answers = counts("harga=1000000-", tallied=True)
    assert totals["total"] == 1
    assert totals["stok"] == 0
