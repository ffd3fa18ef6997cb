"""A shopper on a 390px phone buys a gamis in size M: home → catalogue → two filters → product →
size → cart → checkout → (fake) payment, in at most ten taps, axe-clean on every page; and the
same journey with JavaScript switched off."""

import re

import pytest

from marketplace.orders.models import Order
from marketplace.sellers import SellerPage
from marketplace.variants import ProductVariant, set_variants
from tests.conftest import AccessiblePage, ensure_wagtail_base
from tests.marketplace.conftest import Catalogue
from tests.orders import conftest as orders

from . import test_checkout

fake_stripe = orders.fake_stripe
stripe_on = orders.stripe_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TAPS = 10


@pytest.fixture
def wagtail_root(transactional_db):
    return ensure_wagtail_base()


@pytest.fixture
def sized_shop(wagtail_root, home_page):
    shop = Catalogue(home_page)
    SellerPage.objects.filter(pk=shop.weaver.pk).update(sells_online=True, shipping_fee=25000)
    shop.add_product(title="Kopi Tambora Robusta", origin_region=shop.dompu)
    shop.add_product(seller=shop.weaver, category=shop.weaving, title="Selendang Songket")
    gamis = shop.add_product(
        seller=shop.weaver, category=shop.weaving, title="Gamis Tenun", price=385_000
    )
    tunic = shop.add_product(
        seller=shop.weaver, category=shop.weaving, title="Tunik Tenun", price=310_000
    )
    set_variants(
        gamis,
        [
            {"kind": "size", "label": "S", "quantity": 0},
            {"kind": "size", "label": "M", "quantity": 3},
            {"kind": "size", "label": "L", "quantity": 2},
        ],
    )
    set_variants(tunic, [{"kind": "size", "label": "L", "quantity": 4}])
    shop.gamis = gamis
    return shop


class Taps:
    def __init__(self):
        self.count = 0

    def __call__(self, locator):
        self.count += 1
        locator.click()


def journey(page, shop, stripe_on):
    tap = Taps()
    page.goto("/")
    tap(page.get_by_role("navigation", name="Utama").get_by_role("link", name="Katalog"))
    page.wait_for_url("**/katalog/")
    page.check_accessibility()

    # Two filters: the sector and the size (only sizes some product comes in are offered).
    panel = page.locator("details.catalogue__filters")
    if panel.get_attribute("open") is None:
        tap(panel.locator("summary"))
    sizes = panel.get_by_role("group", name="Ukuran")
    assert sizes.locator(".facet__label").all_inner_texts() == ["Semua", "M", "L"]
    tap(panel.get_by_role("group", name="Sektor").get_by_label("Ekonomi Kreatif"))
    tap(sizes.get_by_role("radio", name=re.compile(r"^M\b")))
    tap(panel.get_by_role("button", name="Terapkan filter"))
    page.wait_for_url(lambda url: "ukuran=M" in url and "sektor=ekonomi-kreatif" in url)
    page.check_accessibility()
    cards = page.locator(".product-card")
    assert cards.count() == 1

    tap(cards.first.get_by_role("link").first)
    page.wait_for_url("**/gamis-tenun/")
    page.check_accessibility()
    choice = page.get_by_role("group", name="Pilih ukuran")
    assert choice.get_by_role("radio", name=re.compile(r"^S\b")).is_disabled()  # sold out
    tap(choice.get_by_role("radio", name="M", exact=True))
    tap(page.get_by_role("button", name="Tambah ke keranjang"))
    page.wait_for_url("**/keranjang/")
    page.check_accessibility()
    assert "Gamis Tenun — Ukuran: M" in page.locator(".cart-lines").inner_text()

    tap(page.get_by_role("link", name="Lanjut ke pembayaran"))
    page.wait_for_url("**/keranjang/checkout/")
    page.check_accessibility()
    assert "Gamis Tenun — Ukuran: M" in page.locator("main").inner_text()
    assert "Rp410.000" in page.locator("main").inner_text()  # 385.000 + 25.000 shipping
    test_checkout.fill_checkout(page)
    tap(page.get_by_role("button", name="Bayar", exact=True))

    page.wait_for_url(re.compile(re.escape(stripe_on.url) + r"/pay/cs_test_\w+"))
    order = Order.objects.get()
    line = order.lines.get()
    assert line.variant_label == "Ukuran: M" and order.total == 410_000
    assert ProductVariant.objects.get(product=shop.gamis, label="M").quantity == 2
    session = stripe_on.sessions[order.stripe_session_id]
    page.goto(session["success_url"].replace("{CHECKOUT_SESSION_ID}", order.stripe_session_id))
    assert "Gamis Tenun — Ukuran: M" in page.locator("main").inner_text()
    assert tap.count <= MAX_TAPS, tap.count
    return tap.count


def test_buy_a_size_in_ten_taps_on_a_phone(browser_page, sized_shop, stripe_on):
    journey(browser_page, sized_shop, stripe_on)


class NoScriptPage(AccessiblePage):
    """A page without JavaScript; axe (which needs it) checks a copy of each page it shows."""

    def __init__(self, page, base_url, checker):
        super().__init__(page, base_url)
        self.checker = checker

    def check_accessibility(self):
        html = self.page.content().replace("<head>", f'<head><base href="{self.page.url}">', 1)
        self.checker.page.set_content(html, wait_until="load")
        self.checker.check_accessibility()
        self.checked.append(self.page.url)


def test_buy_a_size_without_javascript(chromium, live_server, sized_shop, stripe_on):
    phone = {"viewport": {"width": 390, "height": 844}, "locale": "id-ID"}
    context = chromium.new_context(**phone, java_script_enabled=False)
    checking = chromium.new_context(**phone)
    page = context.new_page()
    page.set_default_timeout(15_000)
    checker = AccessiblePage(checking.new_page(), live_server.url)
    try:
        journey(NoScriptPage(page, live_server.url, checker), sized_shop, stripe_on)
    finally:
        context.close()
        checking.close()
