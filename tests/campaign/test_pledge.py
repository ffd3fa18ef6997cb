"""The pledge: stored, counted, one per e-mail, honeypot and per-IP rate limit, PRG, no JS needed."""

import pytest

from django.conf import settings

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
    assert response["Location"] == f"{path}#ikrar"
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
    # Posted to the page itself, Django's token check applies; the form's own target checks Origin.
    assert strict.post("/kampanye/", form_data(region)).status_code == 403
    target = f"/ikrar/{campaign.stories.pk}/"
    assert (
        strict.post(target, form_data(region), HTTP_ORIGIN="https://jahat.example").status_code
        == 403
    )
    assert strict.post(target, form_data(region)).status_code == 403
    assert Pledge.objects.count() == 0


def test_form_works_without_javascript(client, campaign):
    content = client.get("/kampanye/").content.decode()
    form = content[content.index('<form class="form pledge__form') :]
    form = form[: form.index("</form>")]
    action = f"/ikrar/{campaign.stories.pk}/#ikrar"
    assert 'method="post"' in form and f'action="{action}"' in form
    # No token: the page is shared by every visitor; the view checks Origin (core/origin.py).
    assert 'name="csrfmiddlewaretoken"' not in form
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


def total_shown(response):
    content = response.content.decode()
    start = content.index('<span class="stat__value">') + len('<span class="stat__value">')
    return int(content[start : content.index("<", start)])


@pytest.mark.parametrize("path", ["/kampanye/", "/"])
def test_the_next_page_view_after_a_pledge_shows_the_new_total(client, campaign, region, path):
    """With the shared page cache on: pages already cached with the old count are not served."""
    from django.test import Client

    from pasarlokal.core.pagecache import HIT_HEADER

    PledgeFactory.create_batch(2, region=region)
    visitor = Client()
    assert total_shown(visitor.get(path)) == 2
    cached = visitor.get(path)
    assert cached[HIT_HEADER] == "hit" and total_shown(cached) == 2

    thanks = client.get(client.post(path, form_data(region))["Location"])
    assert total_shown(thanks) == 3
    assert total_shown(client.get(path)) == 3  # the thank-you read, the shared page again
    assert total_shown(visitor.get(path)) == 3  # someone else, at once


def test_a_counter_computed_while_a_pledge_is_stored_is_not_kept(
    client, campaign, region, monkeypatch, django_capture_on_commit_callbacks
):
    """Another app server may count while the pledge's transaction is still open (old rows):
    that count is forgotten when the pledge is committed."""
    from campaign import pledges

    before = pledges.regions_with_pledge_counts()
    with django_capture_on_commit_callbacks(execute=True):
        PledgeFactory(region=region)
        # A request on another server, reading the rows as they were before this commit.
        with monkeypatch.context() as patch:
            patch.setattr(pledges, "regions_with_pledge_counts", lambda: before)
            assert sum(r.pledge_count for r in pledges.cached_pledge_counts()) == 0
    assert total_shown(client.get("/kampanye/")) == 1


def test_confirmation_shows_at_the_pledge_block_below_the_sticky_header(client, campaign, region):
    response = client.post("/kampanye/", form_data(region))
    assert response["Location"] == "/kampanye/#ikrar"
    content = client.get(response["Location"]).content.decode()
    block = content[content.index('id="ikrar"') :]
    thanks = block[: block.index("</form>")]
    assert 'role="status"' in thanks and "Baiq Rina" in thanks
    assert 'tabindex="-1"' in thanks and "data-focus-on-load" in thanks
    # Shown once: in the pledge block, not again at the top of the page.
    assert content.count("Baiq Rina") == 1
    # The anchor lands below the sticky header, not under it.
    css = (settings.BASE_DIR / "pasarlokal/static/css/campaign.css").read_text()
    rule = css[css.index(".pledge {") :]
    assert "scroll-margin-top" in rule[: rule.index("}")]
