"""Offline: the service worker serves pages already seen and the offline page for the rest."""

import pytest

from tests.marketplace.conftest import Catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for_worker(page, seconds=15):
    """Until the worker controls the tab (polled from here: wait_for_function evals in the page,
    which a CSP without 'unsafe-eval' refuses)."""
    for _ in range(seconds * 4):
        if page.evaluate("() => navigator.serviceWorker.controller !== null"):
            return
        page.wait_for_timeout(250)
    raise AssertionError("the service worker never took control")


def test_seen_product_works_offline_and_an_unseen_page_shows_the_offline_page(
    browser_page, home_page
):
    shop = Catalogue(home_page)
    product = shop.add_product(title="Kopi Tambora Robusta")
    shop.add_product(title="Madu Sumbawa")
    page = browser_page

    page.goto("/katalog/")
    # The worker installs and takes control of this tab (clients.claim) before we go on.
    wait_for_worker(page)
    page.goto(product.url)
    assert page.get_by_role("heading", level=1).inner_text() == "Kopi Tambora Robusta"
    page.wait_for_timeout(500)  # the worker stores the page after answering it

    page.context.set_offline(True)
    page.reload()
    assert page.get_by_role("heading", level=1).inner_text() == "Kopi Tambora Robusta"

    page.page.goto(page.base_url + "/agenda/belum-dilihat/")
    assert page.get_by_role("heading", level=1).inner_text() == "Anda sedang offline"
    recent = page.locator("#recent-products li")
    assert recent.count() == 1
    assert "Kopi Tambora Robusta" in recent.first.inner_text()
    whatsapp = recent.first.get_by_role("link", name="Chat di WhatsApp dengan", exact=False)
    assert whatsapp.get_attribute("href").startswith("https://wa.me/")
    page.check_accessibility()
    page.context.set_offline(False)


def test_cart_is_never_served_from_the_worker(browser_page, home_page):
    shop = Catalogue(home_page)
    shop.add_product(title="Kopi Tambora Robusta")
    page = browser_page
    page.goto("/katalog/")
    wait_for_worker(page)
    page.goto("/keranjang/")
    page.goto("/katalog/")
    page.wait_for_timeout(500)
    cached = page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) urls.push(request.url);
            }
            return urls;
        }"""
    )
    assert any(url.endswith("/katalog/") for url in cached)
    assert not [url for url in cached if "/keranjang/" in url]
    page.context.set_offline(True)
    with pytest.raises(Exception):  # noqa: B017 — the browser's own network error, no copy
        page.page.goto(page.base_url + "/keranjang/")
    page.context.set_offline(False)
