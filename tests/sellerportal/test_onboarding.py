import io
import re

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import GroupCollectionPermission, GroupPagePermission

from marketplace.sellerportal.models import ApplicationDocument, SellerApplication, SellerSpace
from marketplace.sellerportal.onboarding import approve_application, reject_application
from marketplace.sellers import SellerMember, SellerPage
from tests.factories import CategoryFactory, RegionFactory

from .conftest import PASSWORD
from .factories import SellerApplicationFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def application_data(**overrides):
    category = CategoryFactory()
    data = {
        "business_name": "Madu Sumbawa Asli",
        "owner_name": "Bapak Hasan",
        "nib": "9120001234567",
        "region": RegionFactory().pk,
        "sector": category.sector_id,
        "category": category.pk,
        "whatsapp": "0812-3456-7890",
        "email": "Hasan@Example.com",
        "description": "Madu hutan Sumbawa, dipanen sendiri.",
        "agree": "on",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_footer_links_to_the_application_form(home_page, client):
    response = client.get("/")
    assert 'href="/daftar-penjual/"' in response.content.decode()


@pytest.mark.django_db
def test_application_form_in_both_languages(home_page, client):
    response = client.get("/daftar-penjual/")
    assert response.status_code == 200
    assert "Daftar sebagai penjual" in response.content.decode()
    response = client.get("/en/daftar-penjual/")
    assert response.status_code == 200
    assert "Become a seller" in response.content.decode()


def approve_by_editor(client, editor, application):
    client.force_login(editor)
    response = client.post(reverse("seller_applications:approve", args=[application.pk]))
    assert response.status_code == 302
    client.logout()


@pytest.mark.django_db
def test_onboarding_end_to_end(client, seller_index, editor, settings):
    settings.EDITOR_NOTICE_EMAILS = ["redaksi@example.com"]
    data = application_data()
    data["documents"] = [
        SimpleUploadedFile("nib.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("bengkel.png", PNG, content_type="image/png"),
    ]
    response = client.post("/daftar-penjual/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    application = SellerApplication.objects.get()
    assert application.whatsapp == "6281234567890"
    assert application.email == "hasan@example.com"
    assert sorted(d.content_type for d in application.documents.all()) == [
        "application/pdf",
        "image/png",
    ]
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == ["hasan@example.com", "redaksi@example.com"]
    mail.outbox.clear()

    # The editor sees it in the list and its detail view, with the document.
    client.force_login(editor)
    listing = client.get(reverse("seller_applications:index") + "?status=pending")
    assert "Madu Sumbawa Asli" in listing.content.decode()
    detail = client.get(reverse("seller_applications:inspect", args=[application.pk]))
    assert "nib.pdf" in detail.content.decode()
    document = application.documents.get(original_name="nib.pdf")
    download = client.get(reverse("seller_applications:document", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    client.post(reverse("seller_applications:approve", args=[application.pk]))
    client.logout()

    application.refresh_from_db()
    assert application.status == SellerApplication.Status.APPROVED
    user = get_user_model().objects.get(username="hasan@example.com")
    assert not user.has_usable_password()
    assert user.wagtail_userprofile.preferred_language == "id"
    seller = SellerPage.objects.get(title="Madu Sumbawa Asli")
    assert not seller.live and seller.get_parent().pk == seller_index.pk
    assert seller.whatsapp == "6281234567890" and seller.nib == "9120001234567"
    assert SellerMember.objects.filter(seller=seller, user=user).exists()
    space = SellerSpace.objects.get(seller=seller)
    assert set(user.groups.values_list("name", flat=True)) == {"Sellers", space.group.name}
    page_perms = set(
        GroupPagePermission.objects.filter(group=space.group, page=seller).values_list(
            "permission__codename", flat=True
        )
    )
    assert page_perms == {"add_page", "change_page"}
    collection_perms = set(
        GroupCollectionPermission.objects.filter(
            group=space.group, collection=space.collection
        ).values_list("permission__codename", flat=True)
    )
    assert {"add_image", "choose_image", "add_document", "choose_document"} <= collection_perms
    assert user.has_perm("wagtailadmin.access_admin")

    # The set-password e-mail link works.
    assert [m.to for m in mail.outbox] == [["hasan@example.com"]]
    link = re.search(r"http://testserver(/admin/password_reset/confirm/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    set_url = response.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

    # The seller signs in and sees their storefront only.
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "hasan@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Madu Sumbawa Asli" in home
    explorer = client.get(reverse("wagtailadmin_explore_root"), follow=True)
    assert explorer.status_code == 200
    assert explorer.redirect_chain and str(seller.pk) in explorer.redirect_chain[-1][0]


@pytest.mark.django_db
def test_approving_twice_does_nothing_the_second_time(seller_index, editor):
    application = SellerApplicationFactory()
    first = approve_application(application, editor)
    counts = (
        SellerPage.objects.count(),
        get_user_model().objects.count(),
        Group.objects.count(),
        SellerMember.objects.count(),
    )
    second = approve_application(application, editor)
    assert first.pk == second.pk
    assert counts == (
        SellerPage.objects.count(),
        get_user_model().objects.count(),
        Group.objects.count(),
        SellerMember.objects.count(),
    )
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_reject_sends_the_reason(client, seller_index, editor):
    application = SellerApplicationFactory(email="ditolak@example.com")
    client.force_login(editor)
    response = client.post(
        reverse("seller_applications:reject", args=[application.pk]),
        {"reason": "NIB tidak ditemukan di OSS."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == SellerApplication.Status.REJECTED
    assert application.rejection_reason == "NIB tidak ditemukan di OSS."
    assert [m.to for m in mail.outbox] == [["ditolak@example.com"]]
    assert "NIB tidak ditemukan di OSS." in mail.outbox[0].body
    assert not get_user_model().objects.filter(username="ditolak@example.com").exists()


@pytest.mark.django_db
def test_reject_needs_a_reason(seller_index, editor):
    from marketplace.sellerportal.onboarding import OnboardingError

    application = SellerApplicationFactory()
    with pytest.raises(OnboardingError):
        reject_application(application, editor, "  ")


@pytest.mark.django_db
def test_sellers_cannot_review_applications(client, seller_a):
    application = SellerApplicationFactory()
    client.force_login(seller_a["user"])
    assert client.get(reverse("seller_applications:index")).status_code in (302, 403)
    response = client.post(reverse("seller_applications:approve", args=[application.pk]))
    # Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard.
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    application.refresh_from_db()
    assert application.is_pending


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "surat.pdf",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "not a PDF, JPEG or PNG",
        ),
        ("besar.pdf", b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024), "at most 5"),
    ],
)
def test_bad_uploads_are_refused_with_clear_messages(client, home_page, name, content, message):
    data = application_data(
        documents=SimpleUploadedFile(name, content, content_type="application/pdf")
    )
    response = client.post("/en/daftar-penjual/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert name in body
    assert not SellerApplication.objects.exists()
    assert not ApplicationDocument.objects.exists()


@pytest.mark.django_db
def test_invalid_nib_and_whatsapp_are_refused(client, home_page):
    response = client.post(
        "/en/daftar-penjual/", application_data(nib="12345", whatsapp="021 555 1234")
    )
    body = response.content.decode()
    assert "13 digits" in body
    assert "mobile number" in body
    assert not SellerApplication.objects.exists()


@pytest.mark.django_db
def test_honeypot_and_rate_limit(client, home_page, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    response = client.post("/daftar-penjual/", application_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not SellerApplication.objects.exists()
    client.post("/daftar-penjual/", application_data(email="a@example.com"))
    assert SellerApplication.objects.count() == 1
    response = client.post("/daftar-penjual/", application_data(email="b@example.com"))
    assert response.status_code == 429
    assert SellerApplication.objects.count() == 1


def test_magic_bytes_decide_the_type():
    from marketplace.sellerportal.forms import sniff_content_type

    assert sniff_content_type(io.BytesIO(PDF)) == "application/pdf"
    assert sniff_content_type(io.BytesIO(PNG)) == "image/png"
    assert sniff_content_type(io.BytesIO(b"\xff\xd8\xff\xe0JFIF")) == "image/jpeg"
    assert sniff_content_type(io.BytesIO(b"<html>%PDF-")) is None


@pytest.mark.django_db
def test_application_whatsapp_is_stored_normalised_from_any_form(home_page):
    from marketplace.sellerportal.models import SellerApplication
    from tests.factories import RegionFactory, SectorFactory

    application = SellerApplication.objects.create(
        business_name="Gerabah Banyumulek",
        owner_name="Amaq Sahnan",
        nib="1234567890123",
        region=RegionFactory(),
        sector=SectorFactory(),
        whatsapp="+62 819-0707-0808",
        email="gerabah@example.com",
        description="Gerabah tanah liat",
    )
    application.refresh_from_db()
    assert application.whatsapp == "6281907070808"
