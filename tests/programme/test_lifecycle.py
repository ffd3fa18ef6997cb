"""A request from the seller's form to a verified certificate on the product page, and the rules
on the way: forward only, refusal with a reason, staff-only reopen, an e-mail per stage change."""

import datetime

import pytest

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from marketplace.products import Certificate
from marketplace.programme.models import FacilitationRequest, Stage, StageChange

from .conftest import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_commit(django_capture_on_commit_callbacks, monkeypatch):
    """Run on_commit callbacks (the e-mail tasks) at the end of each request, as in production."""
    from django.test import Client

    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


def seller_requests(client, shop, pirt, **extra):
    client.force_login(shop["user"])
    data = {
        "seller": shop["seller"].pk,
        "kind": f"type-{pirt.pk}",
        "products": [shop["product"].pk],
        "description": "Mohon bantuan P-IRT untuk kopi kami.",
        "documents": [SimpleUploadedFile("ktp.pdf", PDF, content_type="application/pdf")],
        **extra,
    }
    return client.post(reverse("facilitation:add"), data)


def refused(response):
    """Wagtail answers a denied admin request with a redirect to the dashboard (or 403/404)."""
    if response.status_code == 302:
        return response.url == reverse("wagtailadmin_home")
    return response.status_code in (403, 404)


def move(client, request, stage, **data):
    return client.post(
        reverse("facilitation:inspect", args=[request.pk]),
        {"action": "stage", "stage-stage": stage, **{f"stage-{k}": v for k, v in data.items()}},
    )


def test_lifecycle_from_seller_form_to_verified_certificate(client, shop, pirt, facilitator):
    response = seller_requests(client, shop, pirt)
    request = FacilitationRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("facilitation:inspect", args=[request.pk])
    assert request.stage == Stage.RECEIVED
    assert request.created_by == shop["user"]
    assert list(request.products.all()) == [shop["product"]]
    document = request.documents.get()
    assert document.content_type == "application/pdf" and document.original_name == "ktp.pdf"
    # The seller reads their request: stage, documents, history.
    body = client.get(reverse("facilitation:inspect", args=[request.pk])).content.decode()
    assert "ktp.pdf" in body and "P-IRT" in body
    assert client.get(reverse("facilitation:document", args=[document.pk])).status_code == 200

    client.force_login(facilitator)
    client.post(
        reverse("facilitation:inspect", args=[request.pk]),
        {
            "action": "assign",
            "assign-assignee": facilitator.pk,
            "assign-due_date": "2030-01-31",
            "assign-needs_from_seller": "Foto dapur produksi dan KTP pemilik.",
        },
    )
    for stage in (Stage.DOCUMENTS_COMPLETE, Stage.SUBMITTED):
        assert move(client, request, stage).status_code == 302
    valid_until = timezone.localdate() + datetime.timedelta(days=5 * 365)
    response = move(
        client, request, Stage.ISSUED, number="2055205010099-27", valid_until=valid_until
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.stage == Stage.ISSUED and request.number == "2055205010099-27"
    certificate = Certificate.objects.get(product=shop["product"], certification_type=pirt)
    assert certificate.verified and certificate.verified_by == facilitator
    assert certificate.verified_at is not None and certificate.number == "2055205010099-27"
    assert list(certificate.facilitations.all()) == [request]
    # One e-mail per stage change, to the seller.
    assert len(mail.outbox) == 3
    assert all("toko-alfa@example.com" in m.to or "alfa@example.com" in m.to for m in mail.outbox)
    assert "2055205010099-27" in mail.outbox[-1].body
    # The audit trail: who moved it and when.
    changes = list(request.stage_changes.values_list("to_stage", "changed_by"))
    assert changes == [
        (Stage.RECEIVED, shop["user"].pk),
        (Stage.DOCUMENTS_COMPLETE, facilitator.pk),
        (Stage.SUBMITTED, facilitator.pk),
        (Stage.ISSUED, facilitator.pk),
    ]
    # The shopper sees the verified badge on the product and the product under the facet.
    product_page = client.get(shop["product"].url).content.decode()
    assert "badge badge--verified" in product_page and "P-IRT" in product_page
    catalogue = client.get("/katalog/", {"sertifikat": "pirt"}).content.decode()
    assert shop["product"].title in catalogue


def test_forward_only_and_sellers_cannot_move(client, shop, pirt, facilitator):
    seller_requests(client, shop, pirt)
    request = FacilitationRequest.objects.get()
    # The seller may not move it on (only withdraw).
    assert refused(move(client, request, Stage.ISSUED, number="x"))
    client.force_login(facilitator)
    move(client, request, Stage.SUBMITTED)
    response = move(client, request, Stage.RECEIVED)
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.stage == Stage.SUBMITTED
    # Issued needs a valid number of the type's pattern; nothing changes otherwise.
    response = move(client, request, Stage.ISSUED, number="123", valid_until="2031-01-01")
    assert response.status_code == 400
    assert "Ini bukan nomor P-IRT yang sah" in response.content.decode()
    request.refresh_from_db()
    assert request.stage == Stage.SUBMITTED and not Certificate.objects.exists()


def test_refusal_records_a_reason_the_seller_sees(client, shop, pirt, facilitator):
    seller_requests(client, shop, pirt)
    request = FacilitationRequest.objects.get()
    client.force_login(facilitator)
    assert move(client, request, Stage.REFUSED).status_code == 400  # no reason given
    move(client, request, Stage.REFUSED, note="Dapur belum memenuhi syarat higiene.")
    request.refresh_from_db()
    assert request.stage == Stage.REFUSED
    assert request.refusal_reason == "Dapur belum memenuhi syarat higiene."
    assert "Dapur belum memenuhi syarat higiene." in mail.outbox[-1].body
    client.force_login(shop["user"])
    body = client.get(reverse("facilitation:inspect", args=[request.pk])).content.decode()
    assert "Dapur belum memenuhi syarat higiene." in body
    assert refused(move(client, request, Stage.WITHDRAWN))  # final now
    request.refresh_from_db()
    assert request.stage == Stage.REFUSED


def test_reopen_is_staff_only_and_recorded(client, shop, pirt, facilitator):
    seller_requests(client, shop, pirt)
    request = FacilitationRequest.objects.get()
    client.force_login(facilitator)
    move(client, request, Stage.SUBMITTED)
    move(client, request, Stage.ISSUED, number="2055205010099-27", valid_until="2031-01-01")
    reopen_url = reverse("facilitation:inspect", args=[request.pk])
    client.force_login(shop["user"])
    response = client.post(
        reopen_url, {"action": "reopen", "reopen-stage": "received", "reopen-reason": "x"}
    )
    assert refused(response)
    client.force_login(facilitator)
    response = client.post(
        reopen_url,
        {"action": "reopen", "reopen-stage": "submitted", "reopen-reason": "Nomor salah ketik."},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.stage == Stage.SUBMITTED
    change = StageChange.objects.filter(request=request).last()
    assert change.reopened and change.changed_by == facilitator
    assert change.note == "Nomor salah ketik."
    # The certificate it had issued is no longer vouched for.
    assert not Certificate.objects.get().verified
    body = client.get(reopen_url).content.decode()
    assert "Nomor salah ketik." in body


def test_seller_withdraws(client, shop, pirt):
    seller_requests(client, shop, pirt)
    request = FacilitationRequest.objects.get()
    response = client.post(
        reverse("facilitation:inspect", args=[request.pk]), {"action": "withdraw"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.stage == Stage.WITHDRAWN


def test_bad_upload_is_refused_and_nothing_is_lost(client, shop, pirt):
    response = seller_requests(
        client,
        shop,
        pirt,
        documents=[SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")],
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "bukan berkas PDF, JPEG atau PNG" in body
    assert "Mohon bantuan P-IRT untuk kopi kami." in body  # what they typed is kept
    assert not FacilitationRequest.objects.exists()


def test_seller_cannot_request_for_another_sellers_product(client, shop, pirt, seller_b):
    response = seller_requests(client, shop, pirt, products=[seller_b["product"].pk])
    assert response.status_code == 400
    assert not FacilitationRequest.objects.exists()


def test_messages_and_documents_later(client, shop, pirt, facilitator):
    seller_requests(client, shop, pirt)
    request = FacilitationRequest.objects.get()
    url = reverse("facilitation:inspect", args=[request.pk])
    client.force_login(facilitator)
    client.post(url, {"action": "message", "message-body": "Mohon kirim foto dapur."})
    client.force_login(shop["user"])
    response = client.post(
        url,
        {
            "action": "message",
            "message-body": "Ini fotonya.",
            "message-documents": [
                SimpleUploadedFile("dapur.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
            ],
        },
    )
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "Mohon kirim foto dapur." in body and "Ini fotonya." in body and "dapur.png" in body
    assert request.messages.filter(from_office=True).count() == 1
    assert client.post(url, {"action": "message"}).status_code == 400
