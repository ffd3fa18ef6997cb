"""What a phone shows: card titles in two lines, the price unit beside the price, even tiles."""

import pytest

from tests.factories import CategoryFactory, SectorFactory
from tests.marketplace.conftest import Catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cards_clamp_titles_keep_the_unit_by_the_price_and_tiles_are_even(browser_page, home_page):
    shop = Catalogue(home_page)
    long_sector = SectorFactory(name="Permesinan, Alat Transportasi dan Energi Terbarukan")
    machines = CategoryFactory(sector=long_sector, name="Mesin", slug="mesin")
    shop.add_product(category=machines, title="Mesin Pengupas Kopi")
    shop.add_product(title="Kopi Robusta")
    shop.add_product(
        seller=shop.weaver,
        category=shop.weaving,
        title="Tenun Songket Sukarara Motif Subahnale Benang Emas Pewarna Alam",
        price=2_750_000,
        unit="lembar",
    )
    page = browser_page

    page.goto("/katalog/")
    card = page.locator(".product-card", has_text="Subahnale")
    title = card.locator(".product-card__title")
    line = float(title.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)"))
    assert title.bounding_box()["height"] <= 2 * line + 1
    price = card.locator(".product-card__price").bounding_box()
    unit = card.locator(".product-card__unit").bounding_box()
    assert price["height"] < 2 * line  # one line: "/ lembar" sits beside the price
    assert unit["y"] < price["y"] + price["height"] / 2

    page.goto("/")
    tiles = page.locator(".sector-tiles .tile").all()
    assert len(tiles) == 3  # two rows on a phone, one with the long-named sector
    assert len({round(tile.bounding_box()["height"]) for tile in tiles}) == 1
    page.check_accessibility()
