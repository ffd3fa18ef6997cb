"""The pledge: stored, counted, one per e-mail, honeypot and per-IP rate limit, PRG, no JS needed."""

import pytest

from campaign.models import Pledge
from tests.campaign.factories import PledgeFactory
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(db):
    return RegionFactory(name="Kabupaten Lombok Tengah")


def form_data(where, **overrides):
    data = {
        "name": "Baiq Rina",
        "region": str(where.pk),
        "email": "rina@contoh.id",
        "agree": "on",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("path", ["/kampanye/", "/"])
def test_pledge_is_stored_and_redirects_with_thanks(client, campaign, region, path):
    response = client.post(path, form_data(region))
    assert response.status_code == 302
    assert response["Location"] == f"{path}#main-content"
    pledge = Pledge.objects.get()
    assert (pledge.name, pledge.region, pledge.email, pledge.agreed_to_be_counted) == (
        "Baiq Rina",
        region,
        "rina@contoh.id",
        True,
    )
    page = client.get(response["Location"])
    content = page.content.decode()
    assert "Baiq Rina" in content  # the thank-you message names them
    assert 'class="message message--success"' in content


def test_counter_shows_total_and_per_region_counts(client, campaign, region):
    other = RegionFactory(name="Kota Mataram")
    PledgeFactory.create_batch(3, region=region)
    PledgeFactory.create_batch(2, region=other)
    PledgeFactory(region=other, agreed_to_be_counted=False)  # not counted publicly
    content = client.get("/kampanye/").content.decode()
    assert '<span class="stat__value">5</span>' in content
    regions = content[content.index("pledge__regions") :]
    assert regions.index("Kabupaten Lombok Tengah") < regions.index("Kota Mataram")  # most first
    assert '<span class="pledge__region-count">3</span>' in regions
    assert '<span class="pledge__region-count">2</span>' in regions
    client.post("/kampanye/", form_data(other, email=""))
    content = client.get("/kampanye/").content.decode()
    assert '<span class="stat__value">6</span>' in content


def test_duplicate_email_is_refused_kindly_and_keeps_the_input(client, campaign, region):
    PledgeFactory(email="rina@contoh.id")
    response = client.post(
        "/kampanye/", form_data(region, email="Rina@Contoh.ID", name="Rina Lagi")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert Pledge.objects.count() == 1
    assert 'role="alert"' in content
    assert 'id="id_email-errors"' in content and 'aria-invalid="true"' in content
    assert 'value="Rina Lagi"' in content  # what was typed is kept
    assert f'<option value="{region.pk}" selected>' in content


def test_missing_fields_show_errors_and_store_nothing(client, campaign, region):
    response = client.post(
        "/kampanye/", {"name": "  ", "region": "", "email": "bukan-email", "website": ""}
    )
    assert response.status_code == 200
    form = response.context["pledge_form"]
    assert set(form.errors) == {"name", "region", "email", "agree"}
    assert Pledge.objects.count() == 0


def test_unknown_region_is_an_error_not_a_crash(client, campaign, region):
    response = client.post("/kampanye/", form_data(region, region="999999"))
    assert response.status_code == 200
    assert "region" in response.context["pledge_form"].errors
    response = client.post("/kampanye/", form_data(region, region="abc"))
    assert response.status_code == 200


def test_honeypot_submission_stores_nothing_but_looks_like_success(client, campaign, region):
    response = client.post("/kampanye/", form_data(region, website="http://spam.example"))
    assert response.status_code == 302
    assert Pledge.objects.count() == 0


def test_sixth_submission_in_an_hour_is_refused(client, campaign, region):
    for n in range(5):
        response = client.post(
            "/kampanye/", form_data(region, email=f"orang{n}@contoh.id", name=f"Orang {n}")
        )
        assert response.status_code == 302, n
    response = client.post("/kampanye/", form_data(region, email="keenam@contoh.id", name="Keenam"))
    assert response.status_code == 429
    assert Pledge.objects.count() == 5
    form = response.context["pledge_form"]
    assert form.non_field_errors()
    assert 'value="Keenam"' in response.content.decode()
    # Another address is not affected.
    response = client.post(
        "/kampanye/", form_data(region, email="lain@contoh.id"), REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 302


def test_pledge_form_needs_csrf(campaign, region):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/kampanye/", form_data(region)).status_code == 403
    assert Pledge.objects.count() == 0


def test_form_works_without_javascript(client, campaign):
    content = client.get("/kampanye/").content.decode()
    form = content[content.index('<form class="form pledge__form') :]
    form = form[: form.index("</form>")]
    assert 'method="post"' in form and 'action="/kampanye/#ikrar"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<div class="honeypot" aria-hidden="true">' in form
    assert 'type="submit"' in form


def test_editors_see_pledges_and_export_csv(admin_client, region):
    PledgeFactory(name="Lalu Fikri", region=region, email="fikri@contoh.id")
    listing = admin_client.get("/admin/snippets/campaign/pledge/")
    assert listing.status_code == 200
    assert "Lalu Fikri" in listing.content.decode()
    export = admin_client.get("/admin/snippets/campaign/pledge/", {"export": "csv"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    body = (
        b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    )
    lines = body.strip().splitlines()
    assert len(lines) == 2
    assert "Lalu Fikri" in lines[1] and "fikri@contoh.id" in lines[1] and region.name in lines[1]


def test_pledge_csv_export_never_starts_a_cell_with_a_formula(admin_client, region):
    PledgeFactory(name="=cmd|' /C calc'!A0", region=region, email="x@contoh.id")
    export = admin_client.get("/admin/snippets/campaign/pledge/", {"export": "csv"})
    body = (
        b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    )
    row = body.strip().splitlines()[1]
    assert row.startswith("'=cmd") or row.startswith("\"'=cmd")
