"""Sales of sizes and colours count under their product, for the office and for the seller."""

import pytest

from django.urls import reverse
from django.utils import translation

from impact.metrics import ImpactReport
from impact.periods import THIS_MONTH, make_period
from impact.seller_numbers import seller_numbers
from marketplace.orders.models import Order
from marketplace.variants import set_variants

from .factories import OrderLineFactory, make_order, wita
from .test_views import read_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def sized_sales(dataset):
    """One more paid March order: Songket Merah in two colours, 1 + 2 units at 150.000."""
    red, gold = set_variants(
        dataset.p1,
        [
            {"kind": "colour", "label": "Merah", "quantity": 5},
            {"kind": "colour", "label": "Emas", "quantity": 5},
        ],
    )
    order = make_order(Order.Status.PAID, wita(2026, 3, 12, 9), [])
    for variant, quantity in ((red, 1), (gold, 2)):
        OrderLineFactory(
            order=order,
            product=dataset.p1,
            variant=variant,
            variant_label=variant.display,
            quantity=quantity,
            unit_price=150000,
        )
    return dataset


def test_top_products_count_every_variant_under_its_product(sized_sales):
    rows = ImpactReport(make_period(THIS_MONTH)).top_products_by_sales
    songket = [row for row in rows if row["name"] == "Songket Merah"]
    # Before: 2 units, 300.000 in one order. Now one row: 5 units, 750.000, two orders.
    assert len(songket) == 1
    assert (songket[0]["units"], songket[0]["gmv"], songket[0]["paid_orders"]) == (5, 750000, 2)


def test_the_sellers_own_numbers_add_up(sized_sales, seller_user):
    with translation.override("en"):
        numbers = seller_numbers(seller_user, make_period(THIS_MONTH))
    rows = {row["title"]: row for row in numbers["rows"]}
    assert (rows["Songket Merah"]["units"], rows["Songket Merah"]["revenue"]) == (5, 750000)
    assert numbers["totals"]["revenue"] == sum(row["revenue"] for row in numbers["rows"])
    assert numbers["totals"]["units"] == sum(row["units"] for row in numbers["rows"])


def test_top_products_export_spells_out_the_sizes_sold(client, sized_sales, editor):
    client.force_login(editor)
    url = reverse("impact:top_products")
    rows = read_csv(client.get(url, {"export": "csv", "rank": "sales"}))
    songket = next(row for row in rows if row["Product"] == "Songket Merah")
    assert (songket["Units sold"], songket["GMV (Rp)"]) == ("5", "750000")
    # The labels as the shopper ordered them (in Indonesian here).
    assert songket["Sizes/colours sold"] == "Warna: Emas ×2 · Warna: Merah ×1"
    page = client.get(url, {"rank": "sales"}).content.decode()
    assert "Warna: Emas ×2 · Warna: Merah ×1" in page
