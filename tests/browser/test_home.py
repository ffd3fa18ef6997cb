import pytest

from tests.factories import CatalogueIndexPageFactory, SellerIndexPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_navigation_and_language_switcher(browser_page, home_page):
    CatalogueIndexPageFactory(parent=home_page)
    SellerIndexPageFactory(parent=home_page)
    page = browser_page

    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").first.inner_text() == home_page.hero_heading

    nav = page.get_by_role("navigation", name="Utama")
    nav.get_by_role("link", name="Katalog").click()
    page.wait_for_url("**/katalog/")
    page.check_accessibility()
    assert page.get_by_role("navigation", name="Utama").get_by_role(
        "link", name="Katalog"
    ).get_attribute("aria-current") == "page"

    page.get_by_role("navigation", name="Bahasa").get_by_role("link", name="EN").click()
    page.wait_for_url("**/en/katalog/")
    page.check_accessibility()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Skip to main content").count() == 1

    page.get_by_role("navigation", name="Language").get_by_role("link", name="ID").click()
    page.wait_for_url(lambda url: url.endswith("/katalog/") and "/en/" not in url)
    assert page.locator("html").get_attribute("lang") == "id"

    page.get_by_role("navigation", name="Utama").get_by_role("link", name="Penjual").click()
    page.wait_for_url("**/penjual/")
    page.check_accessibility()
