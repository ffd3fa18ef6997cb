import pytest

from tests.marketplace.conftest import Catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_filters(page):
    """On a phone the filters sit in a collapsed <details>; open it if it is closed."""
    panel = page.locator("details.catalogue__filters")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()


def test_browse_filter_open_product_and_breadcrumbs_lead_back(browser_page, home_page):
    shop = Catalogue(home_page)
    shop.add_product(title="Kopi Tambora Robusta", origin_region=shop.dompu)
    shop.add_product(title="Madu Sumbawa", category=shop.honey, origin_region=shop.sumbawa)
    shop.add_product(
        seller=shop.weaver,
        category=shop.weaving,
        title="Tenun Songket Sukarara",
        origin_region=shop.dompu,
    )
    page = browser_page

    page.goto("/")
    page.get_by_role("navigation", name="Utama").get_by_role("link", name="Katalog").click()
    page.wait_for_url("**/katalog/")
    page.check_accessibility()
    assert page.locator(".product-card").count() == 3

    # On a phone the filters start collapsed, so the first products are in the first screen.
    assert page.locator("details.catalogue__filters").get_attribute("open") is None
    assert page.locator(".product-card").first.bounding_box()["y"] < 844

    # The shopper picks two filters; nothing reloads until the one "Terapkan" button.
    open_filters(page)
    panel = page.locator("details.catalogue__filters")
    panel.get_by_role("group", name="Wilayah").get_by_label("Dompu").check()
    panel.get_by_role("group", name="Sektor").get_by_label("Pangan").check()
    assert page.url.endswith("/katalog/")
    assert panel.get_attribute("open") is not None
    panel.get_by_role("button", name="Terapkan filter").click()
    page.wait_for_url(lambda url: "wilayah=dompu" in url and "sektor=pangan" in url)
    page.check_accessibility()
    cards = page.locator(".product-card")
    assert cards.count() == 1
    assert "Makanan olahan IKM." in page.locator("main").inner_text()  # the sector landing text

    cards.first.get_by_role("link").first.click()
    page.wait_for_url("**/penjual/kopi-tambora/kopi-tambora-robusta/")
    page.check_accessibility()
    assert page.locator("h1").inner_text() == "Kopi Tambora Robusta"

    crumbs = page.get_by_role("navigation", name="Jejak halaman")
    assert crumbs.locator("li").all_inner_texts() == [
        "Beranda",
        "Katalog",
        "Pangan",
        "Kopi",
        "Kopi Tambora Robusta",
    ]
    crumbs.get_by_role("link", name="Kopi").click()
    page.wait_for_url("**/katalog/?sektor=pangan&kategori=kopi")
    page.check_accessibility()
    assert page.locator(".product-card").count() == 1

    page.go_back()
    page.get_by_role("navigation", name="Jejak halaman").get_by_role("link", name="Katalog").click()
    page.wait_for_url("**/katalog/")
    assert page.locator(".product-card").count() == 3
