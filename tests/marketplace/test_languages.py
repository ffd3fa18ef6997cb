"""English as a second language of the content: one product, two languages, one stock."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from marketplace.products import reserve_stock
from marketplace.translations import translate_page
from marketplace.variants import set_variants


def test_english_product_page_shows_english_text_with_the_products_own_stock(client, english):
    response = client.get("/en/penjual/kopi-tambora/kopi-tambora/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "Tambora Robusta Coffee" in content
    assert "Grown at 800 m" in content
    assert "Available in Indonesian only" not in content
    # The buying forms and contact links name the product (the Indonesian page), not the copy.
    assert f'name="product" value="{english.kopi.pk}"' in content or (
        f"/kontak/wa/{english.kopi.pk}/" in content
    )
    assert f"/{english.kopi_en.pk}/" not in content
    # Alternates for a translated page, both ways; the switcher goes to the Indonesian page.
    assert 'hreflang="id" href="http://testserver/penjual/kopi-tambora/kopi-tambora/"' in content
    assert 'hreflang="en" href="http://testserver/en/penjual/kopi-tambora/kopi-tambora/"' in content


def test_untranslated_product_under_en_is_indonesian_content_with_english_chrome(client, english):
    response = client.get("/en/penjual/kopi-tambora/madu-hutan/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "Skip to main content" in content
    assert "Available in Indonesian only" in content
    assert '<div class="page-content" lang="id">' in content
    assert "Madu Hutan Sumbawa" in content
    # No hreflang alternates for a page in one language only.
    assert 'rel="alternate" hreflang' not in content


def test_english_catalogue_lists_every_product_with_its_language(client, english):
    response = client.get("/en/katalog/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tambora Robusta Coffee" in content
    assert "Madu Hutan Sumbawa" in content
    assert 'href="/en/penjual/kopi-tambora/kopi-tambora/"' in content
    assert 'href="/en/penjual/kopi-tambora/madu-hutan/"' in content
    assert '<h3 class="product-card__title" lang="id">Madu Hutan Sumbawa</h3>' in content
    # Each product once, in the Indonesian catalogue too.
    indonesian = client.get("/katalog/").content.decode()
    assert indonesian.count("Kopi Tambora Robusta</h3>") == 1
    assert "Tambora Robusta Coffee" not in indonesian


def test_english_home_page(client, english):
    content = client.get("/en/").content.decode()
    assert "Proud to buy local" in content
    assert 'href="/en/katalog/"' in content


def test_links_keep_en_only_during_an_english_request(client, english):
    """An English visitor's links to untranslated pages stay under /en/; outside a request
    (e-mails, tasks) or after one, English still active in the thread, URLs are Wagtail's."""
    content = client.get("/en/katalog/").content.decode()
    assert 'href="/en/penjual/kopi-tambora/madu-hutan/"' in content
    madu = type(english.madu).objects.get(pk=english.madu.pk)
    assert madu.url == "/penjual/kopi-tambora/madu-hutan/"
    with translation.override("en"):
        assert madu.url == "/penjual/kopi-tambora/madu-hutan/"
    with translation.override("id"):
        assert 'href="/en/penjual' not in client.get("/katalog/").content.decode()


def test_sitemap_lists_translated_pages_in_both_languages_only(client, english):
    content = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/penjual/kopi-tambora/kopi-tambora/" in content
    assert "http://testserver/en/penjual/kopi-tambora/kopi-tambora/" in content
    assert "http://testserver/penjual/kopi-tambora/madu-hutan/" in content
    assert "/en/penjual/kopi-tambora/madu-hutan/" not in content


def test_translation_shares_stock_with_its_source(english):
    kopi_en = type(english.kopi_en).objects.get(pk=english.kopi_en.pk)
    assert kopi_en.product_id == english.kopi.pk
    assert kopi_en.offer.quantity == 1
    assert reserve_stock(kopi_en.product_id, 1)
    assert not reserve_stock(english.kopi.pk, 1)


ENGLISH_PRODUCT_QUERIES = 14  # the Indonesian page's 12, plus its stock record and storefront


@pytest.mark.usefixtures("page_cache_off")
def test_english_product_page_query_count_is_constant(client, english, django_assert_num_queries):
    url = "/en/penjual/kopi-tambora/kopi-tambora/"
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert len(ctx.captured_queries) == ENGLISH_PRODUCT_QUERIES, [
        q["sql"][:200] for q in ctx.captured_queries
    ]


def test_english_product_page_sells_the_same_sizes(client, english):
    set_variants(
        english.kopi,
        [
            {"kind": "size", "label": "250 g", "quantity": 2, "price": None},
            {"kind": "size", "label": "1 kg", "quantity": 0, "price": None},
        ],
    )
    html = client.get("/en/penjual/kopi-tambora/kopi-tambora/").content.decode()
    assert "Choose size" in html
    assert html.count('type="radio" name="variant"') == 2
    source_variant = english.kopi.variants.get(label="250 g")
    assert f'name="variant" value="{source_variant.pk}"' in html
    assert f'name="product" value="{english.kopi.pk}"' in html  # the cart gets the source


def test_storefront_copied_for_a_translated_product_is_honestly_indonesian(client, english):
    """Translating a product copies its storefront into the English tree as an alias: it stays
    in step with the Indonesian storefront and is shown as Indonesian content, not as English."""
    seller = english.coffee_seller
    response = client.get("/en/penjual/kopi-tambora/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Available in Indonesian only" in content
    assert '<div class="page-content" lang="id">' in content
    assert 'rel="alternate" hreflang' not in content
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/penjual/kopi-tambora/</loc>" in sitemap
    assert "<loc>http://testserver/en/penjual/kopi-tambora/</loc>" not in sitemap
    seller.title = "Kopi Tambora Kalabai Baru"
    seller.save_revision().publish()
    assert "Kopi Tambora Kalabai Baru" in client.get("/en/penjual/kopi-tambora/").content.decode()


# English pages, constant at 3 and at 30 products (half of them translated), their product cards
# found in the card cache (the first request warms it): the Indonesian page's count
# (test_pages.py, test_card_cache.py) plus one for the cards' translations; the storefront also
# looks up the Indonesian page whose products it lists, the product page reads its source's stock
# record and storefront.
ENGLISH_QUERIES = {
    "/en/katalog/": 13,
    "/en/katalog/?sektor=pangan&kategori=kopi&wilayah=dompu&urut=harga-naik": 13,
    "/en/penjual/kopi-tambora/": 15,
    "/en/penjual/": 11,
    # plus, on PostgreSQL, the English-stemmed match of the English pages
    "/en/cari/?q=kopi": 9 + (connection.vendor == "postgresql"),
    "/en/penjual/kopi-tambora/kopi-tambora/": 15,
}


@pytest.mark.parametrize("url", list(ENGLISH_QUERIES))
@pytest.mark.usefixtures("page_cache_off")  # counts a render, not a cache hit
def test_english_query_counts_are_constant(client, english, url):
    made = []

    def grow(count):
        for _ in range(count):
            made.append(1)
            n = len(made)
            product = english.add_product(title=f"Kopi Sembalun {n}", origin_region=english.dompu)
            english.add_photo(product)
            english.add_certificate(product)
            if n % 2:
                translate_page(product, "en", {"title": f"Sembalun Coffee {n}"})

    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return [q["sql"][:160] for q in ctx.captured_queries]

    grow(3)
    small = queries()
    grow(30)
    large = queries()
    assert (len(small), len(large)) == (ENGLISH_QUERIES[url],) * 2, "\n".join(large)


def test_the_sellers_own_words_are_marked_indonesian_on_an_english_page(client, english):
    seller = english.coffee_seller
    seller.returns_note = "Tukar barang paling lambat 2 hari."
    seller.save_revision().publish()
    content = client.get("/en/penjual/kopi-tambora/kopi-tambora/").content.decode()
    assert '<span lang="id">Tukar barang paling lambat 2 hari.</span>' in content
    indonesian = client.get("/penjual/kopi-tambora/kopi-tambora/").content.decode()
    assert "<span>Tukar barang paling lambat 2 hari.</span>" in indonesian
