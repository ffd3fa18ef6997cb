"""On a phone, a seller asks the office for P-IRT help; staff at a desk move the request to
issued; the seller's product shows the verified P-IRT badge. Screenshots of both screens."""

import datetime

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from marketplace.products import Certificate
from marketplace.programme.models import FacilitationRequest, Stage
from marketplace.programme.setup import FACILITATORS_GROUP, ensure_programme_groups
from marketplace.sellerportal.setup import add_seller_member
from tests.factories import CertificationTypeFactory, ProductPageFactory, SellerPageFactory

from .test_seller_portal import PASSWORD, SHOTS, sign_in, site_tree  # noqa: F401

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.browser
def test_seller_requests_pirt_on_a_phone_staff_issue_it(
    site_tree,  # noqa: F811
    browser_page,
    chromium,
    live_server,
):
    SHOTS.mkdir(exist_ok=True)
    ensure_programme_groups()  # a flushed (transactional) database lost the seeded groups
    pirt = CertificationTypeFactory(
        name="Sertifikat Produksi Pangan Industri Rumah Tangga",
        short_label="P-IRT",
        slug="pirt",
        number_pattern=r"\d{13}-?\d{2}",
        number_example="1234567890123-45",
    )
    seller = SellerPageFactory(parent=site_tree["index"], title="Dodol Rumput Laut Sekotong")
    seller.save_revision().publish()
    product = ProductPageFactory(parent=seller, title="Dodol Rumput Laut 250 g")
    product.save_revision().publish()
    User = get_user_model()
    seller_user = User.objects.create_user("baiq@example.com", "baiq@example.com", PASSWORD)
    add_seller_member(seller, seller_user)
    staff = User.objects.create_user(
        "fasilitator@example.com", "fasilitator@example.com", PASSWORD, first_name="Lalu"
    )
    staff.groups.add(Group.objects.get(name=FACILITATORS_GROUP))

    page = browser_page
    sign_in(page, "baiq@example.com")
    page.goto("/admin/fasilitasi/new/")
    page.get_by_label("Izin atau sertifikat").select_option(f"type-{pirt.pk}")
    page.get_by_label("Dodol Rumput Laut 250 g").check()
    page.get_by_label("Bantuan apa yang Anda perlukan?").fill(
        "Kami belum punya P-IRT untuk dodol rumput laut."
    )
    page.locator("input[type=file]").set_input_files(
        {"name": "ktp.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Kirim permintaan").click()
    page.wait_for_load_state()
    page.get_by_text("Permintaan #").first.wait_for()
    page.wait_for_timeout(1500)  # the message's fade-in
    page.check_accessibility()
    page.screenshot(path=str(SHOTS / "programme-seller-request-390.png"), full_page=True)
    request = FacilitationRequest.objects.get()
    assert request.seller == seller and request.stage == Stage.RECEIVED
    assert list(request.products.all()) == [product]

    # Staff at a desk: the board, then the request moved straight to issued.
    desk = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    staff_page = type(page)(desk.new_page(), live_server.url)
    sign_in(staff_page, "fasilitator@example.com")
    staff_page.goto("/admin/fasilitasi/")
    assert staff_page.get_by_text("Dodol Rumput Laut Sekotong").first.is_visible()
    staff_page.screenshot(path=str(SHOTS / "programme-staff-board-1280.png"), full_page=True)
    staff_page.goto(f"/admin/fasilitasi/inspect/{request.pk}/")
    for stage in ("documents_complete", "submitted"):
        staff_page.locator("#id_stage-stage").select_option(stage)
        staff_page.get_by_role("button", name="Ubah tahap").click()
        staff_page.wait_for_load_state()
    staff_page.locator("#id_stage-stage").select_option("issued")
    staff_page.locator("#id_stage-number").fill("2055205010099-27")
    valid_until = timezone.localdate() + datetime.timedelta(days=5 * 365)
    staff_page.locator("#id_stage-valid_until").fill(valid_until.isoformat())
    staff_page.get_by_role("button", name="Ubah tahap").click()
    staff_page.wait_for_load_state()
    staff_page.get_by_text("2055205010099-27").first.wait_for()
    staff_page.wait_for_timeout(1500)
    staff_page.check_accessibility()
    staff_page.screenshot(path=str(SHOTS / "programme-staff-request-1280.png"), full_page=True)
    desk.close()

    certificate = Certificate.objects.get(product=product)
    assert certificate.verified and certificate.verified_by == staff
    page.goto(product.url)
    badge = page.locator(".product__badges .badge--verified")
    assert "P-IRT" in badge.first.inner_text()
    page.goto(f"/admin/fasilitasi/inspect/{request.pk}/")
    assert page.get_by_text("2055205010099-27").first.is_visible()
    page.screenshot(path=str(SHOTS / "programme-seller-issued-390.png"), full_page=True)
