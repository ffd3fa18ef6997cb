"""The programme report against a known fixture, its export, the public numbers, and constant
query counts of the board and the report at 10 and 100 requests."""

import csv
import datetime
import io

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaign.visits import FieldVisit, FollowUpAction
from impact.models import ImpactPage
from marketplace.programme.models import FacilitationRequest, ProductTest, Stage, StageChange
from marketplace.programme.workflow import create_request, move_request, record_test_result
from tests.factories import RegionFactory, SectorFactory

pytestmark = pytest.mark.django_db


def backdate(request, days):
    created = timezone.now() - datetime.timedelta(days=days)
    FacilitationRequest.objects.filter(pk=request.pk).update(created_at=created)
    StageChange.objects.filter(request=request, from_stage="").update(changed_at=created)


@pytest.fixture
def known(shop, seller_b, pirt, facilitator, django_capture_on_commit_callbacks):
    """A (Pangan, Lombok Barat): P-IRT issued after 10 days, NIB received.
    B (Kriya, Dompu): P-IRT issued after 4 days, HKI refused.
    Tests: A passed (food contact), B failed. One visit, 2 follow-ups, 1 done."""
    pangan, kriya = SectorFactory(name="Pangan"), SectorFactory(name="Kriya")
    lobar, dompu = RegionFactory(name="Lombok Barat"), RegionFactory(name="Dompu")
    a, b = shop["seller"], seller_b["seller"]
    type(a).objects.filter(pk=a.pk).update(sector=pangan, region=lobar)
    type(b).objects.filter(pk=b.pk).update(sector=kriya, region=dompu)
    valid = timezone.localdate() + datetime.timedelta(days=1000)
    with django_capture_on_commit_callbacks(execute=True):
        r1 = create_request(
            a,
            shop["user"],
            licence="certificate",
            certification_type=pirt,
            products=[shop["product"]],
        )
        backdate(r1, 10)
        move_request(r1, Stage.ISSUED, facilitator, number="2055205010099-27", valid_until=valid)
        create_request(a, shop["user"], licence="nib")
        r3 = create_request(
            b,
            seller_b["user"],
            licence="certificate",
            certification_type=pirt,
            products=[seller_b["product"]],
        )
        backdate(r3, 4)
        move_request(r3, Stage.ISSUED, facilitator, number="2055205010098-27", valid_until=valid)
        r4 = create_request(b, seller_b["user"], licence="hki")
        move_request(r4, Stage.REFUSED, facilitator, note="Merek sudah terdaftar.")
    today = timezone.localdate()
    passed = ProductTest.objects.create(
        seller=a, product=shop["product"], status="passed", tested_on=today
    )
    record_test_result(passed, facilitator)
    ProductTest.objects.create(
        seller=b,
        product=seller_b["product"],
        status="failed",
        tested_on=today,
        result_values="Pb 2,1 mg/L",
    )
    visit = FieldVisit.objects.create(visited_on=today, findings="x")
    FollowUpAction.objects.create(visit=visit, action="Bantu NIB", done=True)
    FollowUpAction.objects.create(visit=visit, action="Bantu halal")
    return {"pangan": pangan, "kriya": kriya, "lobar": lobar, "dompu": dompu}


URL = reverse("impact:programme")


def summary(response):
    return {key: value for key, _label, value in response.context["summary"]}


def test_report_numbers(client, editor, known):
    client.force_login(editor)
    response = client.get(URL, {"period": "year"})
    assert response.status_code == 200
    rows = [
        (r["type"], r["stage_key"], r["sector"], r["region"], r["requests"])
        for r in response.context["rows"]
    ]
    assert rows == [
        ("Merek dagang (HKI)", "refused", "Kriya", "Dompu", 1),
        ("NIB (Nomor Induk Berusaha)", "received", "Pangan", "Lombok Barat", 1),
        ("P-IRT", "issued", "Kriya", "Dompu", 1),
        ("P-IRT", "issued", "Pangan", "Lombok Barat", 1),
    ]
    assert summary(response) == {
        "requests": 4,
        "median_days": 7,
        "certificates": 3,  # two P-IRT through requests, one food-safe through the test
        "tests_passed": 1,
        "tests_failed": 1,
        "visits": 1,
        "follow_ups_done": 1,
        "follow_ups": 2,
    }
    # Filtered to one sector and region.
    response = client.get(URL, {"period": "year", "sector": known["kriya"].pk})
    assert summary(response)["requests"] == 2 and summary(response)["median_days"] == 4
    assert summary(response)["tests_failed"] == 1 and summary(response)["tests_passed"] == 0


def test_report_export(client, editor, known):
    client.force_login(editor)
    response = client.get(URL, {"period": "year", "export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(body)))
    assert lines[0] == ["Izin atau sertifikat", "Tahap", "Sektor", "Wilayah", "Permintaan"]
    assert ["P-IRT", "Terbit", "Pangan", "Lombok Barat", "1"] in lines
    assert ["Median hari dari permintaan sampai terbit", "", "", "", "7"] in lines
    xlsx = client.get(URL, {"period": "year", "export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")


def test_public_impact_page_shows_programme_numbers(client, known, home_page, page_cache_off):
    page = ImpactPage(title="Dampak", slug="dampak")
    home_page.add_child(instance=page)
    body = client.get(page.url).content.decode()
    assert "sertifikat difasilitasi tahun ini" in body
    assert "produk lulus uji kelayakan tahun ini" in body
    numbers = client.get(page.url).context["numbers"]
    assert numbers["certificates_facilitated"] == 3
    assert numbers["products_passed_tests"] == 1


def test_sellers_cannot_read_the_report(client, shop, known):
    client.force_login(shop["user"])
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert "Merek sudah terdaftar" not in response.content.decode()


def make_requests(sellers, n, pirt):
    for i in range(n):
        seller = sellers[i % len(sellers)]
        request = create_request(
            seller,
            None,
            licence="certificate",
            certification_type=pirt,
            due_date=timezone.localdate() - datetime.timedelta(days=i % 3),
        )
        StageChange.objects.create(request=request, from_stage="received", to_stage="submitted")


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url, params",
    [
        (reverse("facilitation:index"), {}),
        (reverse("facilitation:index"), {"export": "csv"}),
        (reverse("facilitation:index"), {"overdue": "true", "stage": "received"}),
        (URL, {"period": "year"}),
    ],
)
def test_query_counts_constant_at_10_and_100_requests(
    client, facilitator, shop, seller_b, pirt, url, params
):
    client.force_login(facilitator)
    sellers = [shop["seller"], seller_b["seller"]]
    make_requests(sellers, 10, pirt)
    client.get(url, params)  # warm per-process caches (content types, site)
    small = count_queries(client, url, params)
    make_requests(sellers, 90, pirt)
    large = count_queries(client, url, params)
    assert small == large, (small, large)
