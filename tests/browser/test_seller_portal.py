"""A seller on a phone: signs in, adds a product with a photo, submits it; an editor approves;
the product is in the catalogue; the seller updates its stock."""

import io
from pathlib import Path

import pytest
from PIL import Image as PILImage

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Collection, Page

from marketplace.catalogue import live_products
from marketplace.products import ProductPage, StockRecord
from marketplace.sellerportal.setup import add_seller_member, ensure_product_review_workflow
from tests.factories import (
    CatalogueIndexPageFactory,
    CategoryFactory,
    RegionFactory,
    SellerIndexPageFactory,
    SellerPageFactory,
)

PASSWORD = "Kain-Tenun-2026!"
SHOTS = Path(__file__).resolve().parents[2] / "shots"


@pytest.fixture
def site_tree(transactional_db, request):
    # Earlier transactional tests flush the database, taking Wagtail's root page and root
    # collection (created by its migrations) with them.
    from django.conf import settings

    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Page.get_first_root_node():
        Page.add_root(title="Root", slug="root")
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    ensure_product_review_workflow()
    home = request.getfixturevalue("home_page")
    index = SellerIndexPageFactory(parent=home)
    catalogue = CatalogueIndexPageFactory(parent=home)
    catalogue.save_revision().publish()
    index.save_revision().publish()
    return {"home": home, "index": index, "catalogue": catalogue}


def photo_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 480), (181, 71, 43)).save(buffer, format="JPEG")
    return buffer.getvalue()


def sign_in(page, username):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.check_accessibility()


@pytest.mark.browser
def test_seller_adds_product_editor_approves_seller_updates_stock(
    site_tree, browser_page, chromium, live_server
):
    SHOTS.mkdir(exist_ok=True)
    CategoryFactory(name="Tenun")
    seller = SellerPageFactory(parent=site_tree["index"], title="Tenun Sukarara")
    seller.save_revision().publish()
    User = get_user_model()
    seller_user = User.objects.create_user("inaq@example.com", "inaq@example.com", PASSWORD)
    add_seller_member(seller, seller_user)
    editor = User.objects.create_user("redaksi@example.com", "redaksi@example.com", PASSWORD)
    editor.groups.add(Group.objects.get(name="Editors"))

    page = browser_page
    sign_in(page, "inaq@example.com")
    assert page.get_by_role("heading", name="Tenun Sukarara").is_visible()
    page.screenshot(path=str(SHOTS / "seller-dashboard-390.png"))

    page.goto(f"/admin/pages/add/marketplace/productpage/{seller.pk}/")
    page.fill("#id_title", "Songket Subahnale Merah")
    page.fill("#id_summary", "Kain songket tenun tangan, benang emas")
    page.fill("#id_price", "350000")
    page.fill("#id_stock_quantity", "4")
    # Category: a chooser modal.
    page.locator("#id_category-chooser button[data-chooser-action-choose]").first.click()
    page.locator(".modal-dialog").get_by_role("link", name="Tenun").click()
    page.wait_for_selector(".modal-dialog", state="detached")
    # Photo: add a gallery row, upload through the image chooser.
    page.click("#id_gallery_images-ADD")
    page.locator(
        "#id_gallery_images-0-image-chooser button[data-chooser-action-choose]"
    ).first.click()
    modal = page.locator(".modal-dialog")
    modal.locator(
        "a[href='#tab-upload'], button[data-tab='upload'], [role=tab]:has-text('Unggah')"
    ).first.click()
    modal.locator("input[type=file]").set_input_files(
        {"name": "songket.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}
    )
    modal.locator("#id_image-chooser-upload-title").fill("Songket merah")
    modal.locator("form[enctype] button[type=submit]").first.click()
    page.wait_for_selector(".modal-dialog", state="detached")
    page.fill("#id_gallery_images-0-alt_text", "Kain songket merah berbenang emas, terlipat")
    page.screenshot(path=str(SHOTS / "seller-product-editor-390.png"))
    with page.expect_navigation():
        page.locator("button[name=action-submit]").evaluate("button => button.click()")
    page.wait_for_load_state()
    page.wait_for_timeout(1500)
    # Wagtail's messages fade in; let the animation finish before checking their contrast.
    page.check_accessibility()

    product = ProductPage.objects.get(title="Songket Subahnale Merah")
    assert not product.live and product.workflow_in_progress
    assert product.gallery_images.count() == 1
    image = product.gallery_images.get().image
    assert image.collection_id == seller.space.collection_id
    assert not live_products().filter(pk=product.pk).exists()

    # The editor approves it from the editor's action menu.
    editor_context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    editor_page = type(page)(editor_context.new_page(), live_server.url)
    sign_in(editor_page, "redaksi@example.com")
    editor_page.goto(f"/admin/pages/{product.pk}/edit/")
    editor_page.locator(
        "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    ).first.evaluate("button => button.click()")
    editor_page.wait_for_load_state()
    editor_page.get_by_text("Songket Subahnale Merah").first.wait_for()
    editor_context.close()
    assert ProductPage.objects.get(pk=product.pk).live

    page.goto(site_tree["catalogue"].url)
    assert page.get_by_text("Songket Subahnale Merah").first.is_visible()

    # The seller updates the stock on the stock & price screen.
    page.goto("/admin/stok-harga/")
    page.get_by_label("Stok Songket Subahnale Merah").fill("9")
    page.get_by_role("button", name="Simpan stok dan harga").click()
    page.wait_for_load_state()
    page.get_by_text("Tersimpan").first.wait_for()
    page.wait_for_timeout(1500)  # the message's fade-in
    page.check_accessibility()
    page.screenshot(path=str(SHOTS / "seller-stock-390.png"))
    assert StockRecord.objects.get(product=product).quantity == 9


@pytest.mark.browser
def test_application_form_on_a_phone(site_tree, browser_page):
    from marketplace.sellerportal.models import SellerApplication

    category = CategoryFactory(name="Kopi")
    RegionFactory(name="Sumbawa")
    page = browser_page
    page.goto("/daftar-penjual/")
    page.get_by_label("Nama usaha").fill("Kopi Tepal Sumbawa")
    page.get_by_label("NIB").fill("12345")
    page.get_by_role("button", name="Kirim pendaftaran").click()
    page.wait_for_load_state()
    page.check_accessibility()
    assert page.get_by_text("NIB (Nomor Induk Berusaha) terdiri dari tepat 13 angka").is_visible()
    page.get_by_label("Nama pemilik").fill("Bapak Hasan")
    page.get_by_label("NIB").fill("9120001234567")
    page.get_by_label("Wilayah").select_option(index=1)
    page.get_by_label("Sektor").select_option(str(category.sector_id))
    page.get_by_label("Ceritakan tentang usaha dan produk Anda").fill("Kopi arabika Tepal.")
    page.get_by_label("Nomor WhatsApp").fill("0812 3456 7890")
    page.get_by_label("E-mail").fill("hasan@example.com")
    page.get_by_label("Saya menyatakan").check()
    page.get_by_role("button", name="Kirim pendaftaran").click()
    page.wait_for_url("**/daftar-penjual/terima-kasih/")
    page.check_accessibility()
    assert SellerApplication.objects.get().whatsapp == "6281234567890"
