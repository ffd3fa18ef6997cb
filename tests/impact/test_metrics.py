"""Every headline number, breakdown, series and top-10 row of the known data set."""

import datetime

import pytest

from django.utils import translation

from impact.metrics import ImpactReport, public_headline
from impact.periods import CUSTOM, LAST_3_MONTHS, MONTH, THIS_MONTH, WEEK, make_period
from impact.seller_numbers import seller_numbers

pytestmark = pytest.mark.django_db


def report(dataset, key=THIS_MONTH, sector=None, region=None, **kwargs):
    return ImpactReport(
        make_period(key, **kwargs),
        sector_id=sector.pk if sector else None,
        region_id=region.pk if region else None,
    )


def test_this_month_headline(dataset):
    numbers = report(dataset).headline
    assert numbers == {
        "sellers_active": 2,
        "sellers_new": 1,
        "applications_pending": 2,
        "applications_approved": 1,
        "applications_rejected": 1,
        "products_live": 3,
        "products_certified": 2,
        "products_new": 2,
        "clicks": 10,
        "clicks_whatsapp": 7,
        "clicks_phone": 1,
        "clicks_email": 1,
        "clicks_whatsapp_cart": 1,
        "clicks_qr": 0,  # QR poster scans are counted like any other contact
        "enquiries": 4,
        "paid_orders": 2,
        "gmv": 500000,
        "average_order_value": 250000,
        "pledges": 3,
    }


def test_refunded_cancelled_and_pending_orders_are_not_sales(dataset):
    # Three months hold the paid orders of January and 28 February too; still no refunded,
    # cancelled or pending order: 500.000 + 80.000 + 150.000.
    numbers = report(dataset, LAST_3_MONTHS).headline
    assert numbers["paid_orders"] == 4
    assert numbers["gmv"] == 730000
    assert numbers["average_order_value"] == 182500


def test_certificates_by_type_count_verified_current_on_live_products(dataset):
    types = report(dataset).certificate_types
    assert [(row["certification_type__short_label"], row["products"]) for row in types] == [
        ("Halal", 2)
    ]


def test_sector_filter(dataset):
    tenun = dataset.tenun
    numbers = report(dataset, sector=tenun).headline
    assert numbers["sellers_active"] == 1
    assert numbers["products_live"] == 1
    assert numbers["products_certified"] == 1
    assert numbers["clicks"] == 5
    assert numbers["clicks_whatsapp"] == 4
    assert numbers["clicks_phone"] == 1
    assert numbers["enquiries"] == 2
    assert numbers["paid_orders"] == 1
    assert numbers["gmv"] == 300000
    assert numbers["applications_pending"] == 1
    assert numbers["applications_approved"] == 0
    # Pledges have no sector: the sector filter leaves them alone.
    assert numbers["pledges"] == 3


def test_region_filter(dataset):
    numbers = report(dataset, region=dataset.sumbawa).headline
    assert numbers["sellers_active"] == 1
    assert numbers["sellers_new"] == 0
    assert numbers["products_live"] == 1
    assert numbers["clicks"] == 3
    assert numbers["clicks_whatsapp_cart"] == 1
    assert numbers["enquiries"] == 2
    assert numbers["paid_orders"] == 2
    assert numbers["gmv"] == 200000
    assert numbers["pledges"] == 1
    assert numbers["applications_pending"] == 1
    assert numbers["applications_rejected"] == 1


def test_breakdown_by_sector_with_totals(dataset):
    rows, total = report(dataset).by_sector
    by_name = {row["name"]: row for row in rows}
    assert list(by_name) == ["Tenun", "Kuliner", "Kerajinan"]
    assert by_name["Tenun"] | {} == {
        "id": dataset.tenun.pk,
        "name": "Tenun",
        "sellers_active": 1,
        "sellers_new": 1,
        "products_live": 1,
        "products_certified": 1,
        "clicks": 5,
        "enquiries": 2,
        "paid_orders": 1,
        "gmv": 300000,
    }
    kuliner = by_name["Kuliner"]
    assert (kuliner["sellers_active"], kuliner["products_live"], kuliner["products_certified"]) == (
        1,
        2,
        1,
    )
    assert (kuliner["clicks"], kuliner["enquiries"], kuliner["paid_orders"], kuliner["gmv"]) == (
        5,
        2,
        2,
        200000,
    )
    assert all(
        value == 0 for key, value in by_name["Kerajinan"].items() if key not in ("id", "name")
    )
    # Order O1 has lines in both sectors: it counts once in the total.
    assert total["paid_orders"] == 2
    assert (total["clicks"], total["enquiries"], total["gmv"], total["products_live"]) == (
        10,
        4,
        500000,
        3,
    )


def test_breakdown_by_region_with_pledges(dataset):
    rows, total = report(dataset).by_region
    by_name = {row["name"]: row for row in rows}
    assert list(by_name) == ["Lombok Tengah", "Sumbawa", "Kota Mataram"]
    lombok, sumbawa, mataram = by_name["Lombok Tengah"], by_name["Sumbawa"], by_name["Kota Mataram"]
    assert (lombok["clicks"], lombok["enquiries"], lombok["paid_orders"], lombok["gmv"]) == (
        7,
        2,
        1,
        300000,
    )
    assert (lombok["sellers_active"], lombok["products_live"], lombok["pledges"]) == (1, 2, 2)
    assert (sumbawa["clicks"], sumbawa["paid_orders"], sumbawa["gmv"], sumbawa["pledges"]) == (
        3,
        2,
        200000,
        1,
    )
    assert mataram["clicks"] == mataram["pledges"] == mataram["gmv"] == 0
    assert (total["pledges"], total["paid_orders"], total["gmv"]) == (3, 2, 500000)


def test_breakdown_keeps_only_the_filtered_row(dataset):
    rows, total = report(dataset, sector=dataset.kuliner).by_sector
    assert [row["name"] for row in rows] == ["Kuliner"]
    assert total["clicks"] == rows[0]["clicks"] == 5


def test_weekly_series_uses_wita_weeks(dataset):
    series = report(dataset).series
    assert [row["bucket"] for row in series] == [
        datetime.date(2026, 2, 23),
        datetime.date(2026, 3, 2),
        datetime.date(2026, 3, 9),
    ]
    # 1 March 00:00 WITA is still 28 February in UTC but belongs to the week of 23 February.
    assert [row["clicks"] for row in series] == [1, 4, 5]
    assert [row["enquiries"] for row in series] == [0, 4, 0]
    assert [row["paid_orders"] for row in series] == [0, 2, 0]
    assert [row["gmv"] for row in series] == [0, 500000, 0]
    assert [row["pledges"] for row in series] == [0, 1, 2]


def test_monthly_series_puts_2330_wita_on_the_last_day_in_that_month(dataset):
    series = report(dataset, LAST_3_MONTHS, granularity=MONTH).series
    by_month = {row["bucket"]: row for row in series}
    assert list(by_month) == [
        datetime.date(2026, 1, 1),
        datetime.date(2026, 2, 1),
        datetime.date(2026, 3, 1),
    ]
    # February: the click and the paid order at 23:30 WITA on the 28th.
    assert by_month[datetime.date(2026, 2, 1)]["clicks"] == 1
    assert by_month[datetime.date(2026, 2, 1)]["gmv"] == 80000
    # March: the click at 00:00 WITA on the 1st.
    assert by_month[datetime.date(2026, 3, 1)]["clicks"] == 10
    assert by_month[datetime.date(2026, 1, 1)]["clicks"] == 2
    assert by_month[datetime.date(2026, 1, 1)]["gmv"] == 150000


def test_custom_period_of_february_holds_the_2330_click(dataset):
    feb = report(
        dataset,
        CUSTOM,
        first_day=datetime.date(2026, 2, 1),
        last_day=datetime.date(2026, 2, 28),
        granularity=WEEK,
    )
    assert feb.headline["clicks"] == 1
    assert feb.headline["paid_orders"] == 1
    assert feb.headline["gmv"] == 80000
    assert feb.headline["enquiries"] == 1
    assert feb.headline["pledges"] == 1
    assert feb.headline["applications_pending"] == 1


def test_top_products_and_sellers(dataset):
    r = report(dataset)
    assert [(row["name"], row["contacts"]) for row in r.top_products_by_contacts] == [
        ("Songket Merah", 4),
        ("Kopi Tambora", 2),
        ("Madu Sumbawa", 2),
    ]
    p1 = r.top_products_by_contacts[0]
    assert (p1["whatsapp"], p1["phone"], p1["email"], p1["seller_name"]) == (
        3,
        1,
        0,
        "Tenun Sukarara",
    )
    assert [(row["name"], row["contacts"]) for row in r.top_sellers_by_contacts] == [
        ("Tenun Sukarara", 7),
        ("Madu Hutan Sumbawa", 3),
    ]
    assert [
        (row["name"], row["gmv"], row["paid_orders"], row["units"])
        for row in r.top_products_by_sales
    ] == [("Songket Merah", 300000, 1, 2), ("Madu Sumbawa", 200000, 2, 4)]
    assert [(row["name"], row["gmv"], row["paid_orders"]) for row in r.top_sellers_by_sales] == [
        ("Tenun Sukarara", 300000, 1),
        ("Madu Hutan Sumbawa", 200000, 2),
    ]


def test_top_lists_stop_at_ten(dataset):
    from tests.factories import ProductPageFactory

    from .factories import ContactClickFactory

    for index in range(12):
        product = ProductPageFactory(parent=dataset.seller_b, title=f"Produk {index:02d}")
        ContactClickFactory(product=product)
    assert len(report(dataset).top_products_by_contacts) == 10


def test_seller_numbers_are_their_own_only(dataset, seller_user):
    with translation.override("en"):
        numbers = seller_numbers(seller_user, make_period(THIS_MONTH))
    rows = {row["title"]: row for row in numbers["rows"]}
    # Seller A: Songket Merah and Kopi Tambora, plus its own storefront's contact and enquiry.
    assert set(rows) == {"Songket Merah", "Kopi Tambora", "Storefront and other"}
    songket = rows["Songket Merah"]
    assert (
        songket["clicks"],
        songket["enquiries"],
        songket["paid_orders"],
        songket["revenue"],
    ) == (
        4,
        1,
        1,
        300000,
    )
    assert (rows["Kopi Tambora"]["clicks"], rows["Kopi Tambora"]["revenue"]) == (2, 0)
    assert (rows["Storefront and other"]["clicks"], rows["Storefront and other"]["enquiries"]) == (
        1,
        1,
    )
    # Order O1 also holds seller B's honey: A's revenue is only its own line.
    assert numbers["totals"] == {
        "clicks": 7,
        "whatsapp": 5,
        "enquiries": 2,
        "paid_orders": 1,
        "units": 2,
        "revenue": 300000,
    }


def test_seller_numbers_for_the_other_seller(dataset):
    from .conftest import make_seller_user

    other = make_seller_user("penjual-b", dataset.seller_b)
    with translation.override("en"):
        numbers = seller_numbers(other, make_period(THIS_MONTH))
    assert {row["title"] for row in numbers["rows"]} == {
        "Madu Sumbawa",
        "Susu Kuda Liar",
        "Storefront and other",
    }
    assert numbers["totals"]["clicks"] == 3
    assert numbers["totals"]["paid_orders"] == 2
    assert numbers["totals"]["revenue"] == 200000


def test_public_headline_is_cached(dataset, django_assert_num_queries):
    # Six counts; .public() adds a look-up of view restrictions to the two page counts.
    with django_assert_num_queries(8):
        numbers = public_headline()
    assert numbers == {
        "sellers": 2,
        "products": 3,
        "pledges": 3,
        "contacts_this_month": 10,
        "certificates_facilitated": 0,
        "products_passed_tests": 0,
    }
    with django_assert_num_queries(0):
        assert public_headline() == numbers


def evaluate_everything(report):
    return (
        report.headline,
        report.certificate_types,
        report.by_sector,
        report.by_region,
        report.series,
        report.top_products_by_contacts,
        report.top_products_by_sales,
        report.top_sellers_by_contacts,
        report.top_sellers_by_sales,
    )


def test_a_full_report_costs_the_same_queries_at_any_size(dataset, django_assert_num_queries):
    from .factories import ContactClickFactory, make_order, wita

    # 2 for the sector and region lists, 19 aggregates.
    with django_assert_num_queries(21):
        evaluate_everything(report(dataset))
    products = [dataset.p1, dataset.p2, dataset.p3]
    for index in range(90):
        ContactClickFactory(product=products[index % 3], created_at=wita(2026, 3, 1 + index % 14))
    for index in range(30):
        make_order("paid", wita(2026, 3, 1 + index % 14), [(products[index % 3], 2, 5000)])
    with django_assert_num_queries(21):
        large = evaluate_everything(report(dataset))
    assert large[0]["clicks"] == 100
    assert large[0]["paid_orders"] == 32
    assert large[0]["gmv"] == 500000 + 30 * 10000
