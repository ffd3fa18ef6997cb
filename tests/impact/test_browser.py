"""The public impact page in a phone-sized browser, checked with axe-core."""

import pytest

from impact.models import ImpactPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_base"),
]


def test_public_impact_page_is_accessible_on_a_phone(browser_page, home_page):
    page = ImpactPage(title="Dampak Kampanye", slug="dampak", intro="<p>Angka kampanye.</p>")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    browser_page.goto("/dampak/")
    assert browser_page.locator("h1").inner_text() == "Dampak Kampanye"
    # Four campaign numbers and two of the programme for small industries.
    assert browser_page.locator(".impact-public__stat").count() == 6
    width = browser_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_seller_numbers_fit_a_phone(browser_page, dataset, seller_user):
    browser_page.goto("/admin/login/")
    browser_page.fill("#id_username", "penjual-a")
    browser_page.fill("#id_password", "pw-123456")
    browser_page.click("button[type=submit]")
    browser_page.wait_for_url("**/admin/")
    browser_page.check_accessibility()
    panel = browser_page.locator("#impact-seller-numbers-section")
    assert "Songket Merah" in panel.inner_text()
    assert "Madu Sumbawa" not in panel.inner_text()
    width = browser_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
