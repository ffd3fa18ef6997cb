"""Field visits: staff only, a public "kunjungan terakhir" line on the centre page when the editor
chooses, and a follow-up that becomes a facilitation request in one step."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from campaign.visits import FieldVisit, FollowUpAction
from marketplace.programme.models import FacilitationRequest, Stage
from tests.campaign.factories import CentreIndexPageFactory, CentrePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(home_page):
    index = CentreIndexPageFactory(parent=home_page)
    return CentrePageFactory(parent=index, title="Sentra Gerabah Banyumulek")


def test_centre_page_shows_the_latest_public_visit_only(client, centre):
    today = timezone.localdate()
    FieldVisit.objects.create(
        centre=centre,
        visited_on=today - datetime.timedelta(days=40),
        is_public=True,
        public_summary="Pelatihan glasir bebas timbal.",
    )
    FieldVisit.objects.create(
        centre=centre,
        visited_on=today,
        is_public=False,
        findings="Temuan internal: tungku rusak.",
        public_summary="Rahasia",
    )
    body = client.get(centre.url).content.decode()
    assert "Kunjungan terakhir Dinas" in body
    assert "Pelatihan glasir bebas timbal." in body
    assert "tungku rusak" not in body and "Rahasia" not in body


def test_follow_up_becomes_a_facilitation_request_in_one_step(client, centre, facilitator, shop):
    visit = FieldVisit.objects.create(centre=centre, findings="Perlu NIB.")
    follow_up = FollowUpAction.objects.create(
        visit=visit,
        action="Bantu urus NIB",
        seller=shop["seller"],
        licence="nib",
        owner=facilitator,
        due_date=timezone.localdate() + datetime.timedelta(days=14),
    )
    client.force_login(facilitator)
    body = client.get(reverse("field_visits:inspect", args=[visit.pk])).content.decode()
    url = reverse("field_visits:follow_up_request", args=[follow_up.pk])
    assert url in body
    response = client.post(url)
    request = FacilitationRequest.objects.get()
    assert response.url == reverse("facilitation:inspect", args=[request.pk])
    assert request.seller == shop["seller"] and request.licence == "nib"
    assert request.assignee == facilitator and request.due_date == follow_up.due_date
    assert request.stage == Stage.RECEIVED and "Bantu urus NIB" in request.description
    client.post(url)  # twice: still one request
    assert FacilitationRequest.objects.count() == 1
    follow_up.refresh_from_db()
    assert follow_up.facilitation_request == request
    # The seller sees it among their requests.
    client.force_login(shop["user"])
    assert client.get(reverse("facilitation:inspect", args=[request.pk])).status_code == 200


def test_sellers_cannot_see_visits(client, shop, centre):
    visit = FieldVisit.objects.create(centre=centre, findings="Temuan rahasia")
    client.force_login(shop["user"])
    for url in (reverse("field_visits:index"), reverse("field_visits:inspect", args=[visit.pk])):
        response = client.get(url)
        assert "Temuan rahasia" not in response.content.decode()
        assert response.status_code in (302, 403)


def test_facilitator_records_a_visit_through_the_admin_form(client, facilitator, centre, shop):
    client.force_login(facilitator)
    response = client.post(
        reverse("field_visits:add"),
        {
            "centre": centre.pk,
            "visited_on": "2026-11-20",
            "officers": [facilitator.pk],
            "sellers_met": [shop["seller"].pk],
            "findings": "Sepuluh pengrajin, dua sudah punya NIB.",
            "is_public": "on",
            "public_summary": "Sosialisasi NIB untuk sepuluh pengrajin.",
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
            "photos-MIN_NUM_FORMS": "0",
            "photos-MAX_NUM_FORMS": "12",
            "follow_ups-TOTAL_FORMS": "1",
            "follow_ups-INITIAL_FORMS": "0",
            "follow_ups-MIN_NUM_FORMS": "0",
            "follow_ups-MAX_NUM_FORMS": "1000",
            "follow_ups-0-action": "Daftarkan NIB Tenun Alfa",
            "follow_ups-0-owner": facilitator.pk,
            "follow_ups-0-due_date": "2026-12-20",
            "follow_ups-0-seller": shop["seller"].pk,
            "follow_ups-0-licence": "nib",
            "follow_ups-0-ORDER": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    visit = FieldVisit.objects.get()
    assert list(visit.officers.all()) == [facilitator]
    assert visit.follow_ups.get().seller == shop["seller"]
