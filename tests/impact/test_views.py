"""The admin dashboard and reports: who may see them, what they show, what they export."""

import csv
import io

import openpyxl
import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from impact.views import REPORT_VIEWS

from .factories import ContactClickFactory, make_order, wita

pytestmark = pytest.mark.django_db

REPORT_URLS = [reverse(f"impact:{view.url_name}") for view in REPORT_VIEWS]


def read_csv(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(content)))


def read_xlsx(response):
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    return rows[0], rows[1:]


# --- Permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", REPORT_URLS)
def test_anonymous_users_are_sent_to_the_login(client, home_page, url):
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


@pytest.mark.parametrize("url", REPORT_URLS)
def test_sellers_cannot_open_the_reports(client, seller_user, url):
    client.force_login(seller_user)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    response = client.get(url + "?export=csv")
    assert response.status_code == 302


def test_admin_users_without_the_permission_cannot_open_the_dashboard(client, home_page):
    group = Group.objects.create(name="Report-less admins")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = get_user_model().objects.create_user("moderator", "m@example.com", "pw-123456")
    user.groups.add(group)
    client.force_login(user)
    assert client.get(reverse("impact:dashboard")).status_code == 302
    assert b"impact-dashboard" not in client.get(reverse("wagtailadmin_home")).content


@pytest.mark.parametrize("url", REPORT_URLS)
def test_editors_with_the_permission_see_every_report(client, dataset, editor, url):
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200


def test_sellers_who_manage_all_sellers_see_the_dashboard(client, dataset):
    group = Group.objects.create(name="Industry office")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_all_sellers"),
    )
    user = get_user_model().objects.create_user("office", "o@example.com", "pw-123456")
    user.groups.add(group)
    client.force_login(user)
    assert client.get(reverse("impact:dashboard")).status_code == 200


def test_menu_item_is_shown_to_editors_only(client, dataset, editor, seller_user):
    client.force_login(editor)
    assert b"impact-dashboard" in client.get(reverse("wagtailadmin_home")).content
    client.force_login(seller_user)
    assert b"impact-dashboard" not in client.get(reverse("wagtailadmin_home")).content


# --- What the dashboard shows ---------------------------------------------------------------


def test_dashboard_shows_the_headline_charts_and_tables(client, dataset, editor):
    client.force_login(editor)
    response = client.get(reverse("impact:dashboard"))
    html = response.content.decode()
    assert "Rp500.000" in html  # GMV
    assert "Rp250.000" in html  # average order value
    assert html.count('<svg class="impact-chart__svg') == 4
    # Each chart has its numbers in a table: the top products, the region table with totals.
    assert "Songket Merah" in html
    assert "Lombok Tengah" in html
    assert 'class="impact-total"' in html


def test_filters_are_applied_to_the_page(client, dataset, editor):
    client.force_login(editor)
    response = client.get(reverse("impact:dashboard"), {"sector": dataset.tenun.pk})
    assert response.context["report"].headline["clicks"] == 5
    assert response.context["report"].headline["gmv"] == 300000


@pytest.mark.parametrize(
    "params",
    [
        {"period": "custom", "start": "2026-03-20", "end": "nope"},
        {"period": "custom"},
        {"sector": "999999", "region": "x"},
        {"period": "forever", "group_by": "decade"},
        {"start": "9999-99-99"},
    ],
)
def test_bad_filter_values_never_break_the_page(client, dataset, editor, params):
    client.force_login(editor)
    response = client.get(reverse("impact:dashboard"), params)
    assert response.status_code == 200
    assert response.context["period"].key == "month"


def test_custom_period_with_dates_the_wrong_way_round(client, dataset, editor):
    client.force_login(editor)
    response = client.get(
        reverse("impact:dashboard"),
        {"period": "custom", "start": "2026-02-28", "end": "2026-02-01", "group_by": "week"},
    )
    report = response.context["report"]
    assert (report.period.first_day.isoformat(), report.period.last_day.isoformat()) == (
        "2026-02-01",
        "2026-02-28",
    )
    assert report.headline["clicks"] == 1


# --- Exports --------------------------------------------------------------------------------


def test_dashboard_csv_export_has_every_headline_number(client, dataset, editor):
    client.force_login(editor)
    response = client.get(reverse("impact:dashboard"), {"export": "csv"})
    assert response["Content-Type"] == "text/csv"
    assert "dampak-ringkasan-20260301-20260315.csv" in response["Content-Disposition"]
    rows = read_csv(response)
    values = {row["Key"]: row["Value"] for row in rows}
    assert values["clicks"] == "10"
    assert values["clicks_whatsapp"] == "7"
    assert values["clicks_whatsapp_cart"] == "1"
    assert values["enquiries"] == "4"
    assert values["paid_orders"] == "2"
    assert values["gmv"] == "500000"  # rupiah as a plain integer
    assert values["average_order_value"] == "250000"
    assert values["sellers_active"] == "2"
    assert values["applications_pending"] == "2"
    assert values["products_certified"] == "2"
    assert values["pledges"] == "3"
    assert values[f"certified_{dataset.halal.pk}"] == "2"
    assert values[f"pledges_region_{dataset.lombok.pk}"] == "2"
    assert values[f"pledges_region_{dataset.sumbawa.pk}"] == "1"


def test_export_headings_follow_the_admin_language(client, dataset, editor):
    from wagtail.users.models import UserProfile

    UserProfile.objects.filter(user=editor).update(preferred_language="id")
    client.force_login(editor)
    rows = read_csv(client.get(reverse("impact:dashboard"), {"export": "csv"}))
    assert {row["Kunci"]: row["Nilai"] for row in rows}["gmv"] == "500000"
    assert rows[0]["Bagian"] == "Penjual"


def test_dashboard_xlsx_export_keeps_numbers_as_numbers(client, dataset, editor):
    client.force_login(editor)
    response = client.get(reverse("impact:dashboard"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, rows = read_xlsx(response)
    assert header == ("Section", "Measure", "Key", "Value")
    values = {row[2]: row[3] for row in rows}
    assert values["gmv"] == 500000
    assert isinstance(values["gmv"], int)
    assert values["clicks"] == 10


def test_export_applies_the_filters(client, dataset, editor):
    client.force_login(editor)
    response = client.get(
        reverse("impact:dashboard"), {"export": "csv", "region": dataset.sumbawa.pk}
    )
    assert "sumbawa" in response["Content-Disposition"]
    values = {row["Key"]: row["Value"] for row in read_csv(response)}
    assert (values["clicks"], values["gmv"], values["pledges"]) == ("3", "200000", "1")


def test_sector_report_export_rows(client, dataset, editor):
    client.force_login(editor)
    rows = read_csv(client.get(reverse("impact:by_sector"), {"export": "csv"}))
    assert [row["Sector"] for row in rows] == ["Tenun", "Kuliner", "Kerajinan", "Total"]
    tenun, kuliner, _kerajinan, total = rows
    assert tenun["Contact clicks"] == "5"
    assert tenun["GMV (Rp)"] == "300000"
    assert kuliner["Paid orders"] == "2"
    assert kuliner["Live products"] == "2"
    assert total["Paid orders"] == "2"
    assert total["GMV (Rp)"] == "500000"
    assert total["Enquiries"] == "4"


def test_region_report_xlsx_rows(client, dataset, editor):
    client.force_login(editor)
    header, rows = read_xlsx(client.get(reverse("impact:by_region"), {"export": "xlsx"}))
    assert header[0] == "Region" and header[-1] == "Pledges"
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert list(by_name) == ["Lombok Tengah", "Sumbawa", "Kota Mataram", "Total"]
    assert by_name["Lombok Tengah"]["Contact clicks"] == 7
    assert by_name["Lombok Tengah"]["Pledges"] == 2
    assert by_name["Sumbawa"]["GMV (Rp)"] == 200000
    assert by_name["Total"]["Pledges"] == 3


def test_series_report_export_rows(client, dataset, editor):
    client.force_login(editor)
    response = client.get(
        reverse("impact:series"), {"export": "csv", "period": "3months", "group_by": "month"}
    )
    rows = read_csv(response)
    assert [row["Period starting"] for row in rows] == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert [row["Contact clicks"] for row in rows] == ["2", "1", "10"]
    assert [row["GMV (Rp)"] for row in rows] == ["150000", "80000", "500000"]
    assert [row["Pledges"] for row in rows] == ["0", "1", "3"]
    header, xlsx_rows = read_xlsx(
        client.get(
            reverse("impact:series"), {"export": "xlsx", "period": "3months", "group_by": "month"}
        )
    )
    assert [
        row[0].date().isoformat() if hasattr(row[0], "date") else str(row[0]) for row in xlsx_rows
    ] == [
        "2026-01-01",
        "2026-02-01",
        "2026-03-01",
    ]


def test_top_reports_export_both_rankings(client, dataset, editor):
    client.force_login(editor)
    rows = read_csv(client.get(reverse("impact:top_products"), {"export": "csv"}))
    assert [(row["Product"], row["Contact clicks"]) for row in rows] == [
        ("Songket Merah", "4"),
        ("Kopi Tambora", "2"),
        ("Madu Sumbawa", "2"),
    ]
    rows = read_csv(client.get(reverse("impact:top_sellers"), {"export": "csv", "rank": "sales"}))
    assert [(row["Seller"], row["GMV (Rp)"], row["Paid orders"]) for row in rows] == [
        ("Tenun Sukarara", "300000", "1"),
        ("Madu Hutan Sumbawa", "200000", "2"),
    ]


# --- Query count ----------------------------------------------------------------------------


def add_more_activity(dataset, clicks, orders):
    products = [dataset.p1, dataset.p2, dataset.p3]
    for index in range(clicks):
        ContactClickFactory(
            product=products[index % 3], created_at=wita(2026, 3, 1 + index % 14, index % 24)
        )
    for index in range(orders):
        make_order("paid", wita(2026, 3, 1 + index % 14, 10), [(products[index % 3], 1, 1000)])


# 9 for the session, user, permissions and admin chrome; 2 for the sector and region lists;
# 19 aggregates (one per grouped set of numbers), whatever the number of rows behind them.
DASHBOARD_QUERIES = 33  # 21 for the report itself; the rest is the admin shell and menu


def test_dashboard_query_count_is_constant(client, dataset, editor, django_assert_num_queries):
    client.force_login(editor)
    url = reverse("impact:dashboard")
    client.get(url)  # warm up per-process caches (content types, site root paths)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        small = client.get(url)
    add_more_activity(dataset, clicks=60, orders=30)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        large = client.get(url)
    assert (
        large.context["report"].headline["clicks"]
        == small.context["report"].headline["clicks"] + 60
    )
    assert large.context["report"].headline["paid_orders"] == 32


def test_csv_export_does_not_let_names_become_formulas(client, dataset, editor):
    from tests.factories import ProductPageFactory

    product = ProductPageFactory(parent=dataset.seller_a, title='=HYPERLINK("http://x","klik")')
    for _ in range(9):
        ContactClickFactory(product=product, created_at=wita(2026, 3, 14))
    client.force_login(editor)
    rows = read_csv(client.get(reverse("impact:top_products"), {"export": "csv"}))
    assert rows[0]["Product"] == "'" + product.title
    assert rows[0]["Contact clicks"] == "9"
    header, xlsx_rows = read_xlsx(client.get(reverse("impact:top_products"), {"export": "xlsx"}))
    assert xlsx_rows[0][0] == product.title  # stored as text, not as a formula


@pytest.mark.parametrize("url", REPORT_URLS)
def test_reports_work_on_an_empty_site(client, home_page, editor, url):
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert client.get(url, {"export": "xlsx"}).status_code == 200
    assert client.get(url, {"export": "csv"}).status_code == 200
