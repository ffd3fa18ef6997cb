"""The shared page cache: cookie-less visitors share pages, forms still work, changes show at once."""

import re

import pytest

from django.test import Client
from django.utils import timezone, translation

from campaign.models import Pledge
from marketplace.contact.models import Enquiry
from marketplace.products import StockRecord
from pasarlokal.core.pagecache import HIT_HEADER

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


@pytest.fixture
def product(shop):
    return shop.add_product(title="Kopi Robusta Tambora", slug="kopi-robusta", price=85_000)


def visitor():
    """A first-time visitor: no cookies, a real browser's CSRF handling (no test-client bypass)."""
    return Client(enforce_csrf_checks=True)


def form_action(html, css_class):
    form = html[html.index(f'class="{css_class}') :]
    return re.search(r'action="([^"#]+)', form).group(1)


def test_cached_page_lets_a_second_cookieless_visitor_add_to_cart_pledge_and_enquire(shop, product):
    first, second = visitor(), visitor()
    url = product.url
    response = first.get(url)
    assert response[HIT_HEADER] == "miss"
    assert not response.cookies, "a public page must not set cookies (it could not be shared)"
    again = second.get(url)
    assert again[HIT_HEADER] == "hit"
    html = again.content.decode()
    assert html == response.content.decode()
    assert "csrfmiddlewaretoken" not in html

    # Add to cart, straight from the cached page's form.
    response = second.post(
        form_action(html, "buy-form"), {"product": product.pk, "quantity": 2}, **SAME_ORIGIN
    )
    assert response.status_code == 302
    cart = second.get(response["Location"]).content.decode()
    assert "Kopi Robusta Tambora" in cart
    assert second.cookies["pl_cart_count"].value == "2"

    # Enquiry from the same cached page.
    response = second.post(
        form_action(html, "form enquiry__form"),
        {
            "enquiry-name": "Baiq Nia",
            "enquiry-email": "nia@contoh.id",
            "enquiry-message": "Ada stok 5 kg?",
            "enquiry-website": "",
        },
        **SAME_ORIGIN,
    )
    assert response.status_code == 302
    assert Enquiry.objects.filter(name="Baiq Nia", product=product).exists()

    # Pledge from the cached home page, by yet another cookie-less visitor.
    visitor().get("/")
    third = visitor()
    home = third.get("/")
    assert home[HIT_HEADER] == "hit"
    action = form_action(home.content.decode(), "form pledge__form")
    response = third.post(
        action,
        {"name": "Lalu Budi", "region": shop.dompu.pk, "email": "budi@contoh.id", "agree": "on"},
        **SAME_ORIGIN,
    )
    assert response.status_code == 302
    assert Pledge.objects.filter(name="Lalu Budi").exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://jahat.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_REFERER": "https://jahat.example/form"},
        {},  # neither Origin nor Referer
    ],
)
def test_cross_site_posts_are_refused_with_a_clear_page(shop, product, headers):
    client = visitor()
    response = client.post("/keranjang/tambah/", {"product": product.pk}, **headers)
    assert response.status_code == 403
    assert "Formulir tidak diterima" in response.content.decode()
    response = client.post(
        f"/kontak/tanya/{product.pk}/",
        {"name": "X", "email": "x@contoh.id", "message": "Halo"},
        **headers,
    )
    assert response.status_code == 403
    response = client.post(
        f"/ikrar/{shop.home.pk}/",
        {"name": "X", "region": shop.dompu.pk, "email": "x@contoh.id", "agree": "on"},
        **headers,
    )
    assert response.status_code == 403
    assert not Enquiry.objects.exists() and not Pledge.objects.exists()
    assert "pl_cart_count" not in client.cookies


def test_referer_from_this_site_is_enough_when_origin_is_missing(shop, product):
    client = visitor()
    response = client.post(
        "/keranjang/tambah/",
        {"product": product.pk},
        HTTP_REFERER=f"http://testserver{product.url}",
    )
    assert response.status_code == 302


def test_no_visitor_sees_another_visitors_cart_name_or_messages(shop, product):
    shopper = visitor()
    shopper.post("/keranjang/tambah/", {"product": product.pk, "quantity": 3}, **SAME_ORIGIN)
    shopper.post(
        f"/ikrar/{shop.home.pk}/",
        {"name": "Inaq Rahasia", "region": shop.dompu.pk, "email": "r@contoh.id", "agree": "on"},
        **SAME_ORIGIN,
    )
    # The thank-you message (with the name) is on the shopper's next page, which is not stored.
    own = shopper.get("/")
    assert "Inaq Rahasia" in own.content.decode()
    assert HIT_HEADER not in own or own[HIT_HEADER] != "hit"
    assert "no-cache" in own["Cache-Control"] or "private" in own["Cache-Control"]
    for path in ("/", product.url, "/katalog/"):
        other = visitor().get(path)
        body = other.content.decode()
        assert "Inaq Rahasia" not in body
        assert "sudah masuk keranjang" not in body
        assert 'class="cart-link__count" data-cart-count' in body  # filled by JS, empty here
        assert re.search(r"data-cart-count[^>]*hidden></span>", body)
    # The shopper, once the message is shown, is served shared pages again; the count is theirs.
    repeat = shopper.get(product.url)
    assert shopper.cookies["pl_cart_count"].value == "3"
    assert "Inaq Rahasia" not in repeat.content.decode()


def get_twice(path, **extra):
    visitor().get(path, **extra)
    response = visitor().get(path, **extra)
    assert response[HIT_HEADER] == "hit", path
    return response.content.decode()


def test_price_and_stock_changes_show_on_the_next_request(shop, product):
    assert "Rp85.000" in get_twice(product.url)
    assert "Kopi Robusta Tambora" in get_twice("/katalog/")
    # The seller portal's stock form and checkout use conditional UPDATEs (no save signal).
    StockRecord.objects.filter(product=product).update(price=99_000)
    assert "Rp99.000" in visitor().get(product.url).content.decode()
    assert "Rp99.000" in visitor().get("/katalog/").content.decode()
    record = StockRecord.objects.get(product=product)
    record.price = 77_000
    record.save()
    assert "Rp77.000" in visitor().get(product.url).content.decode()


def test_publish_unpublish_move_and_delete_show_on_the_next_request(shop, product):
    get_twice(product.url)
    get_twice("/katalog/")
    revision = product.save_revision()
    product.title = "Kopi Robusta Tambora Baru"
    revision = product.save_revision()
    revision.publish()
    assert "Kopi Robusta Tambora Baru" in visitor().get(product.url).content.decode()
    assert "Kopi Robusta Tambora Baru" in visitor().get("/katalog/").content.decode()
    product.refresh_from_db()
    product.unpublish()
    assert visitor().get(product.url).status_code == 404
    assert "Kopi Robusta Tambora" not in visitor().get("/katalog/").content.decode()
    other = shop.add_product(title="Madu Sumbawa Hutan", slug="madu-hutan")
    old_url = other.url
    get_twice(old_url)
    other.move(shop.weaver, pos="last-child")
    other.refresh_from_db()
    moved = visitor().get(old_url)
    assert moved.status_code == 301 and moved["Location"] == other.url
    assert visitor().get(other.url).status_code == 200
    get_twice(other.url)
    other.delete()
    assert visitor().get(other.url).status_code == 404


def test_certificate_taxonomy_and_site_settings_changes_show_on_the_next_request(shop, product):
    from home.models import SiteSettings

    get_twice(product.url)
    shop.add_certificate(product, verified=True)
    assert "Halal" in visitor().get(product.url).content.decode()
    assert "Pangan" in get_twice("/katalog/")
    shop.food.name = "Pangan Olahan"
    shop.food.save()
    assert "Pangan Olahan" in visitor().get("/katalog/").content.decode()
    get_twice("/")
    settings = SiteSettings.for_site(shop.home.get_site())
    settings.tagline = "Slogan yang baru sekali"
    settings.save()
    assert "Slogan yang baru sekali" in visitor().get("/").content.decode()


def test_keys_include_language_and_the_full_query_string(shop, product):
    shop.add_product(title="Madu Sumbawa Hutan", slug="madu-hutan", price=300_000)
    cheap = get_twice("/katalog/?urut=harga-naik")
    dear = visitor().get("/katalog/?urut=harga-turun")
    assert dear[HIT_HEADER] == "miss"
    assert cheap != dear.content.decode()
    english = visitor().get("/en/katalog/?urut=harga-naik")
    assert english[HIT_HEADER] == "miss"
    assert 'lang="en"' in english.content.decode()
    assert 'lang="id"' in visitor().get("/katalog/?urut=harga-naik").content.decode()
    assert visitor().get("/katalog/?urut=harga-naik", HTTP_HOST="127.0.0.1")[HIT_HEADER] == "miss"


def test_public_pages_tell_a_cdn_how_long_to_keep_them(shop, product):
    response = visitor().get(product.url)
    control = response["Cache-Control"]
    assert "public" in control and "s-maxage=" in control
    assert "Cookie" in response["Vary"]
    home = visitor().get("/")
    assert "s-maxage=60" in home["Cache-Control"]  # shows the pledge counter


def test_logged_in_users_carts_checkout_orders_and_admin_are_never_cached(
    shop, product, django_user_model
):
    editor = django_user_model.objects.create_superuser("redaksi", "r@contoh.id", "pw")
    client = Client()
    client.force_login(editor)
    for _ in range(2):
        response = client.get(product.url)
        assert response.get(HIT_HEADER) != "hit"
        assert "private" in response["Cache-Control"]
    assert visitor().get(product.url)[HIT_HEADER] == "miss"  # the editor's page was not stored
    admin = client.get("/admin/")
    assert "no-store" in admin["Cache-Control"] and "private" in admin["Cache-Control"]
    shopper = Client()
    shopper.post("/keranjang/tambah/", {"product": product.pk}, **SAME_ORIGIN)
    for path in ("/keranjang/", "/keranjang/checkout/"):
        for _ in range(2):
            response = shopper.get(path)
            assert response.get(HIT_HEADER) != "hit"
            assert "no-store" in response["Cache-Control"]
    for _ in range(2):
        response = visitor().get("/keranjang/")
        assert response.get(HIT_HEADER) != "hit"
        assert "no-store" in response["Cache-Control"]


# --- A render on a page-cache miss: the facts every page reads are kept per version -------------


def miss(path):
    """An anonymous render the page cache has not seen (a fresh query string), and its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    miss.count = getattr(miss, "count", 0) + 1
    separator = "&" if "?" in path else "?"
    with CaptureQueriesContext(connection) as ctx:
        response = visitor().get(f"{path}{separator}utm_source=wa{miss.count}")
    assert response[HIT_HEADER] == "miss"
    return response, [query["sql"] for query in ctx.captured_queries]


def test_a_render_on_a_miss_reads_no_site_settings_locale_or_view_restrictions(shop, product):
    shop.add_product(title="Madu Sumbawa Hutan", slug="madu-hutan", price=300_000)
    for path in ("/katalog/", product.url, shop.coffee_seller.url, "/"):
        miss(path)  # the first render after a change reads them once, for this process
        response, queries = miss(path)
        assert response.status_code == 200
        for table in ("wagtailcore_site", "home_sitesettings", "pageviewrestriction"):
            assert not [sql for sql in queries if f'"{table}"' in sql], (path, table)
        assert not [sql for sql in queries if "wagtailcore_locale" in sql], path
        # The home page's newest products across sellers are ranked once per version.
        assert not [sql for sql in queries if "ROW_NUMBER" in sql.upper()], path
    # Seen since the last change: the route, the page's keys and its cards' rows are kept too.
    for path in ("/katalog/", product.url, shop.coffee_seller.url):
        assert miss(path)[1] == [], path
    # Another sort of the same filters: its keys and its cards' rows, no count (they are kept).
    sorted_again = miss("/katalog/?urut=harga-naik")[1]
    assert len(sorted_again) <= 2 and "LIMIT" in sorted_again[0]
    assert not [sql for sql in sorted_again if "COUNT(" in sql]
    assert "Madu Sumbawa Hutan" in miss("/katalog/")[0].content.decode()
    assert visitor().get("/tidak-ada/").status_code == 404
    newest = shop.add_product(title="Gula Aren Sembalun", first_published_at=timezone.now())
    assert "Gula Aren Sembalun" in miss("/")[0].content.decode()
    assert newest.title in miss("/katalog/")[0].content.decode()
    shop.directory.unpublish()
    assert visitor().get("/penjual/?utm_source=wa").status_code == 404


def test_a_view_restriction_applies_at_once_to_pages_served_before_it(shop, product):
    from wagtail.models import PageViewRestriction

    hidden = shop.add_product(seller=shop.weaver, category=shop.weaving, title="Songket Rahasia")
    assert "Songket Rahasia" in get_twice("/katalog/")
    miss(hidden.url)
    restriction = PageViewRestriction.objects.create(page=shop.weaver, restriction_type="login")
    html = miss("/katalog/")[0].content.decode()
    assert "Songket Rahasia" not in html and "Kopi Robusta Tambora" in html
    assert "Tenun Dharma Setia" not in visitor().get("/penjual/").content.decode()
    assert "Songket Rahasia" not in visitor().get("/cari/", {"q": "songket"}).content.decode()
    shut = visitor().get(hidden.url)
    assert shut.status_code == 302 and "/login/" in shut["Location"]
    restriction.delete()
    assert "Songket Rahasia" in visitor().get("/katalog/").content.decode()
    assert visitor().get(hidden.url).status_code == 200


def test_a_site_settings_change_shows_on_every_page_at_once(shop, product):
    from home.models import SiteSettings

    for path in ("/katalog/", product.url):
        miss(path)
    site_settings = SiteSettings.for_site(shop.home.get_site())
    site_settings.phone = "0370-999-1234"
    site_settings.save()
    for path in ("/katalog/", product.url):
        assert "0370-999-1234" in miss(path)[0].content.decode()


# --- Kept per version: routes, product page parts, listing keys, fragments ---------------------


def test_a_page_seen_since_the_last_change_shows_every_change_on_its_next_render(shop, product):
    """Routes, a product page's photos, certificates and related products, a storefront's
    products and the facet form are kept per version: each change below shows at once."""
    for path in (product.url, shop.coffee_seller.url, "/katalog/"):
        miss(path)
        assert miss(path)[1] == [], path  # kept: no query at all
    shop.add_photo(product)
    html = miss(product.url)[0].content.decode()
    assert 'alt="Foto Kopi Robusta Tambora"' in html and "<picture" in html
    shop.add_certificate(product, number="ID-SERTIFIKAT-BARU-77")
    assert "ID-SERTIFIKAT-BARU-77" in miss(product.url)[0].content.decode()
    sibling = shop.add_product(title="Kopi Arabika Sembalun", slug="kopi-arabika")
    assert "Kopi Arabika Sembalun" in miss(product.url)[0].content.decode()  # related products
    assert "Kopi Arabika Sembalun" in miss(shop.coffee_seller.url)[0].content.decode()
    assert "Kopi Arabika Sembalun" in miss("/katalog/")[0].content.decode()
    sibling.unpublish()
    for path in (product.url, shop.coffee_seller.url, "/katalog/"):
        assert "Kopi Arabika Sembalun" not in miss(path)[0].content.decode(), path
    assert visitor().get(sibling.url).status_code == 404  # its kept route is gone too


def test_what_a_request_does_to_a_kept_page_never_shows_in_the_next_one():
    from pasarlokal.core import pagecache

    token = pagecache._request_version.set(pagecache.new_version())
    try:
        first = pagecache.per_version_copied("test-copies", lambda: {"title": "Kopi"})
        first["title"] = "changed by one request"
        again = pagecache.per_version_copied("test-copies", lambda: {"title": "recomputed"})
        assert again == {"title": "Kopi"}  # the kept value, as computed, in a copy of its own
        again["title"] = "changed too"
        assert pagecache.per_version_copied("test-copies", dict) == {"title": "Kopi"}
        # What cannot be pickled is not kept: computed each time.
        calls = []
        for _ in range(2):
            pagecache.per_version_copied("test-unpicklable", lambda: calls.append(1) or (lambda: 0))
        assert len(calls) == 2
    finally:
        pagecache._request_version.reset(token)
    # Outside an anonymous request nothing is kept.
    assert pagecache.per_version_copied("test-copies", lambda: "fresh") == "fresh"


def test_a_process_keeps_a_bounded_number_of_urls(monkeypatch):
    from pasarlokal.core import pagecache

    monkeypatch.setattr(pagecache, "BOUNDED_ENTRIES", 3)
    monkeypatch.setattr(pagecache, "_bounded", pagecache.collections.OrderedDict())
    token = pagecache._request_version.set(pagecache.new_version())
    try:
        computed = []
        for name in ("a", "b", "c", "d", "a"):
            pagecache.per_version_bounded(name, lambda name=name: computed.append(name) or name)
        assert len(pagecache._bounded) == 3
        assert computed == ["a", "b", "c", "d", "a"]  # "a" was the oldest, so forgotten
        pagecache.per_version_bounded("d", lambda: computed.append("d again"))
        assert computed[-1] == "a"  # "d" still kept
    finally:
        pagecache._request_version.reset(token)


def test_a_search_seen_since_the_last_change_costs_nothing_and_finds_new_products(shop, product):
    miss("/katalog/?q=kopi")
    response, queries = miss("/katalog/?q=kopi")  # its ranking, counts, keys and rows are kept
    assert queries == [] and "Kopi Robusta Tambora" in response.content.decode()
    miss("/cari/?q=kopi")
    shop.add_product(title="Kopi Luwak Sembalun", slug="kopi-luwak")
    assert "Kopi Luwak Sembalun" in miss("/katalog/?q=kopi")[0].content.decode()
    assert "Kopi Luwak Sembalun" in miss("/cari/?q=kopi")[0].content.decode()
