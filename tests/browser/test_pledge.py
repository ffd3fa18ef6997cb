"""A shopper makes the pledge on a phone: the thank-you is in view and focused, the total new."""

import pytest

from tests.campaign.factories import PledgeFactory
from tests.factories import RegionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pledge_thanks_is_below_the_sticky_header_and_the_total_is_new(
    browser_page, home_page, live_site
):
    region = RegionFactory(name="Kabupaten Lombok Tengah")
    PledgeFactory.create_batch(4, region=region)
    page = browser_page
    page.goto("/")
    page.goto("/")  # the second view comes from the shared page cache
    assert page.locator(".pledge__total .stat__value").inner_text() == "4"

    page.fill("#id_name", "Baiq Rina")
    page.select_option("#id_region", str(region.pk))
    page.check("#id_agree")
    page.click(".pledge__form button[type=submit]")
    page.wait_for_url("**/#ikrar")
    page.wait_for_load_state("load")
    page.check_accessibility()

    thanks = page.locator(".pledge__thanks")
    assert thanks.get_attribute("role") == "status"
    assert "Baiq Rina" in thanks.inner_text()
    page.wait_for_function("document.activeElement.classList.contains('pledge__thanks')")
    header_bottom = page.evaluate(
        "document.querySelector('.site-header').getBoundingClientRect().bottom"
    )
    box = thanks.bounding_box()
    assert header_bottom <= box["y"] and box["y"] + box["height"] <= 844  # in view, not under it
    assert page.locator(".pledge__total .stat__value").inner_text() == "5"

    page.goto("/")  # the next view of the page, for this visitor and everyone else
    assert page.locator(".pledge__total .stat__value").inner_text() == "5"
