import json
import re
import xml.etree.ElementTree as ET

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from marketplace.card_cache import forget_card_photos

pytestmark = pytest.mark.django_db


def json_ld(content):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def meta(content, prop):
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', content)
    return match.group(1) if match else None


@pytest.fixture
def honey(shop):
    product = shop.add_product(
        title="Madu Sumbawa Hutan 500 ml",
        category=shop.honey,
        price=150_000,
        quantity=40,
        unit="botol",
        summary="Madu hutan murni <b>tiris</b>",
        origin_region=shop.sumbawa,
    )
    shop.add_photo(product)
    return product


def test_product_page_shows_price_stock_origin_and_seller(client, shop, honey):
    response = client.get(honey.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Rp150.000" in content
    assert "Stok tersedia" in content
    assert "sisa 40 botol" in content
    assert "Sumbawa" in content
    assert 'href="/penjual/kopi-tambora/"' in content  # the seller card
    assert "&lt;b&gt;tiris&lt;/b&gt;" in content  # escaped
    # The include points other features fill in are there.
    assert response.templates
    names = {template.name for template in response.templates}
    for include in ("product_contact", "product_buy", "product_enquiry"):
        assert f"marketplace/includes/{include}.html" in names


def test_product_page_breadcrumbs_lead_back(client, shop, honey):
    content = client.get(honey.url).content.decode()
    trail = re.search(r'<nav class="breadcrumbs".*?</nav>', content, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', trail)
    assert links == [
        ("/", "Beranda"),
        ("/katalog/", "Katalog"),
        ("/katalog/?sektor=pangan", "Pangan"),
        ("/katalog/?sektor=pangan&amp;kategori=madu", "Madu"),
    ]
    assert '<span aria-current="page">Madu Sumbawa Hutan 500 ml</span>' in trail


def test_product_page_gallery_uses_responsive_modern_formats(client, shop, honey):
    shop.add_photo(honey)
    content = client.get(honey.url).content.decode()
    gallery = re.search(r'<ul class="gallery".*?</ul>', content, re.S).group(0)
    assert 'type="image/avif"' in gallery
    assert 'type="image/webp"' in gallery
    assert "srcset=" in gallery
    images = re.findall(r"<img [^>]*>", gallery)
    assert len(images) == 2
    assert 'fetchpriority="high"' in images[0] and 'loading="lazy"' not in images[0]
    assert 'loading="lazy"' in images[1]
    assert 'alt="Foto Madu Sumbawa Hutan 500 ml"' in images[0]


def test_json_ld_product_with_offer(client, shop, honey):
    data = json_ld(client.get(honey.url).content.decode())
    assert data["@type"] == "Product"
    assert data["name"] == "Madu Sumbawa Hutan 500 ml"
    assert data["image"] and data["image"][0].startswith("http://testserver/")
    offer = data["offers"]
    assert offer["@type"] == "Offer"
    assert offer["price"] == "150000"
    assert offer["priceCurrency"] == "IDR"
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["seller"]["name"] == "Kopi Tambora Kalabai"


def lose_original(image):
    """The image's original file is gone (a lost upload, media not copied on a move), and no
    rendition of it was made before."""
    image.renditions.all().delete()
    image.file.storage.delete(image.file.name)


def test_a_lost_image_file_leaves_its_pages_working_without_that_photo(client, shop, honey):
    """The image tags show Wagtail's "not found" picture; the structured data, the share tags and
    the shopping feed leave the photo out instead of failing the whole page."""
    photo = honey.gallery_images.get()
    shop.coffee_seller.logo = photo.image
    shop.coffee_seller.save()
    lose_original(photo.image)
    forget_card_photos()
    product = client.get(honey.url)
    assert product.status_code == 200
    content = product.content.decode()
    assert json_ld(content)["image"] == []
    assert json_ld(content)["name"] == "Madu Sumbawa Hutan 500 ml"
    assert meta(content, "og:image") is None
    assert "Rp150.000" in content
    storefront = client.get(shop.coffee_seller.url)
    assert storefront.status_code == 200
    assert "Madu Sumbawa Hutan 500 ml" in storefront.content.decode()
    catalogue = client.get("/katalog/")
    assert catalogue.status_code == 200
    assert "Madu Sumbawa Hutan 500 ml" in catalogue.content.decode()
    feed = client.get("/feeds/google.xml")
    assert feed.status_code == 200
    item = ET.fromstring(feed.content).find("channel/item")
    assert item.find("title").text == "Madu Sumbawa Hutan 500 ml"
    assert "original_images" not in feed.content.decode()


def test_json_ld_availability_follows_stock(client, shop):
    sold_out = shop.add_product(title="Kopi Habis", quantity=0)
    made = shop.add_product(title="Kopi Pesanan", quantity=0, made_to_order=True)
    assert json_ld(client.get(sold_out.url).content.decode())["offers"]["availability"].endswith(
        "OutOfStock"
    )
    assert json_ld(client.get(made.url).content.decode())["offers"]["availability"].endswith(
        "PreOrder"
    )


def test_json_ld_cannot_break_out_of_its_script(client, shop):
    product = shop.add_product(title="Kopi </script><script>alert(1)</script>")
    content = client.get(product.url).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert json_ld(content)["name"] == "Kopi </script><script>alert(1)</script>"


def test_social_tags_and_canonical(client, shop, honey):
    content = client.get(honey.url).content.decode()
    assert meta(content, "og:title") == "Madu Sumbawa Hutan 500 ml · Rp150.000"
    assert meta(content, "og:image").startswith("http://testserver/")
    assert (
        meta(content, "og:url")
        == "http://testserver/penjual/kopi-tambora/madu-sumbawa-hutan-500-ml/"
    )
    assert meta(content, "product:price:currency") == "IDR"
    assert meta(content, "twitter:card") == "summary_large_image"
    assert (
        '<link rel="canonical" href="http://testserver/penjual/kopi-tambora/madu-sumbawa-hutan-500-ml/">'
        in content
    )


def test_price_on_request(client, shop):
    product = shop.add_product(title="Konversi Motor Listrik", price=None)
    content = client.get(product.url).content.decode()
    assert "Harga atas permintaan" in content
    assert "price" not in json_ld(content)["offers"]


def test_certificate_badges_show_current_ones_with_numbers_and_verified_marks(client, shop, honey):
    shop.add_certificate(honey, number="ID52110000234560011", verified=True)
    shop.add_certificate(honey, cert_type=shop.pirt, number="2045204010011-26")
    shop.add_certificate(honey, cert_type=shop.pirt, number="2045204010011-99", days=-1)
    content = client.get(honey.url).content.decode()
    assert "ID52110000234560011" in content
    assert "2045204010011-26" in content
    assert "2045204010011-99" not in content  # expired: no badge, no listing
    badges = re.search(r'<ul class="product__badges.*?</ul>', content, re.S).group(0)
    assert badges.count("<li>") == 2
    assert "badge--verified" in badges  # the verified one is marked
    assert "Diverifikasi Dinas Perindustrian" in content
    assert "Belum diverifikasi" in content


def test_certificate_expiring_today_still_shows_and_yesterday_does_not(client, shop, honey):
    shop.add_certificate(honey, number="ID52110000234560011", days=0)
    assert "ID52110000234560011" in client.get(honey.url).content.decode()


def test_related_products_come_from_the_same_category(client, shop, honey):
    sibling = shop.add_product(title="Madu Hutan 250 ml", category=shop.honey)
    other = shop.add_product(title="Kopi Robusta")
    response = client.get(honey.url)
    related = [product.title for product in response.context["related_products"]]
    assert related == [sibling.title]
    assert other.title not in related


def test_share_links(client, shop, honey):
    content = client.get(honey.url).content.decode()
    assert "https://wa.me/?text=" in content
    assert (
        "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2Fpenjual" in content
    )


def test_storefront_shows_story_and_products_with_the_same_card(client, shop, honey):
    shop.add_product(seller=shop.weaver, category=shop.weaving, title="Songket Subahnale")
    response = client.get(shop.coffee_seller.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert [product.title for product in response.context["products"]] == [honey.title]
    assert 'class="product-card"' in content
    assert "Songket Subahnale" not in content
    names = {template.name for template in response.templates}
    assert "marketplace/includes/seller_contact.html" in names
    assert "components/product_card.html" in names
    assert "marketplace/includes/product_card_actions.html" in names


def test_directory_counts_follow_new_and_unpublished_products(client, shop, honey):
    def counts(params):  # a new query string each time: the page cache misses
        response = client.get("/penjual/", params)
        return {seller.title: seller.product_count for seller in response.context["sellers"]}

    assert counts({})["Kopi Tambora Kalabai"] == 1
    kopi = shop.add_product(title="Kopi Robusta")  # created live by code, no publish signal
    assert counts({"page": "1"})["Kopi Tambora Kalabai"] == 2
    kopi.unpublish()
    assert counts({"page": "01"})["Kopi Tambora Kalabai"] == 1


def test_directory_filters_by_region_and_sector(client, shop, honey):
    shop.add_product(seller=shop.weaver, category=shop.weaving, title="Songket")
    response = client.get("/penjual/")
    assert {seller.title for seller in response.context["sellers"]} == {
        "Kopi Tambora Kalabai",
        "Tenun Dharma Setia",
    }
    counts = {seller.title: seller.product_count for seller in response.context["sellers"]}
    assert counts == {"Kopi Tambora Kalabai": 1, "Tenun Dharma Setia": 1}
    by_region = client.get("/penjual/", {"wilayah": "lombok-tengah"})
    assert [seller.title for seller in by_region.context["sellers"]] == ["Tenun Dharma Setia"]
    by_sector = client.get("/penjual/", {"sektor": "pangan"})
    assert [seller.title for seller in by_sector.context["sellers"]] == ["Kopi Tambora Kalabai"]
    nothing = client.get("/penjual/", {"sektor": "pangan", "wilayah": "lombok-tengah"})
    assert "Tidak ada penjual yang cocok" in nothing.content.decode()
    assert client.get("/penjual/", {"wilayah": "x" * 500, "page": "abc"}).status_code == 200
    assert client.get("/penjual/", {"page": "9"}).status_code == 404


@pytest.mark.usefixtures("page_cache_off")  # reads the template context of repeated requests
def test_products_under_a_view_restriction_stay_out_of_listings(client, shop, honey):
    hidden = shop.add_product(seller=shop.weaver, category=shop.weaving, title="Songket Rahasia")
    PageViewRestriction.objects.create(page=shop.weaver, restriction_type="login")
    assert hidden.title not in [p.title for p in client.get("/katalog/").context["products"]]
    assert "Tenun Dharma Setia" not in [s.title for s in client.get("/penjual/").context["sellers"]]
    assert hidden.title not in client.get("/cari/", {"q": "songket"}).content.decode()
    assert client.get("/katalog/").context["total"] == 1


def test_sitemap_lists_sellers_and_products(client, shop, honey):
    draft = shop.add_product(title="Kopi Draf")
    draft.unpublish()
    tree = ET.fromstring(client.get("/sitemap.xml").content)
    locations = {el.text for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert "http://testserver/penjual/kopi-tambora/" in locations
    assert "http://testserver/penjual/tenun-dharma-setia/" in locations
    assert "http://testserver/penjual/kopi-tambora/madu-sumbawa-hutan-500-ml/" in locations
    assert "http://testserver/penjual/kopi-tambora/kopi-draf/" not in locations


def test_english_pages_render(client, shop, honey):
    product_url = "/en/penjual/kopi-tambora/madu-sumbawa-hutan-500-ml/"
    for url in ("/en/katalog/", product_url, "/en/penjual/", "/en/cari/?q=madu"):
        response = client.get(url)
        assert response.status_code == 200, url
    content = client.get(product_url).content.decode()
    assert "In stock" in content
    assert '<a href="/en/katalog/">Katalog</a>' in content


# --- Query counts: the same at 3 and at 30 products, and at most 15 ----------------------
# (cold, warm): every card rendered (its photos and renditions loaded: two queries more where
# the page lists cards), and every card from the card cache (marketplace/card_cache.py).

PAGE_QUERIES = {
    "product": (15, 13),  # the related products' cards
    "storefront": (15, 12),  # the page's keys, its card rows (by_key); cold: missed ones whole
    "directory": (9, 9),
    "search": (9, 7),  # the ranking (one full-text query), then the cards
}


def _grow(shop, count, made):
    for _ in range(count):
        made.append(1)
        seller = shop.coffee_seller if len(made) % 2 else shop.weaver
        product = shop.add_product(seller=seller, title=f"Kopi Sembalun {len(made)}")
        shop.add_photo(product)
        shop.add_certificate(product)


def _queries(client, url):
    client.get(url)  # warm: renditions are made once, navigation and taxonomy are cached
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", sorted(PAGE_QUERIES))
@pytest.mark.usefixtures("page_cache_off")  # counts a render, not a cache hit
def test_query_counts_are_constant(client, shop, django_assert_num_queries, page):
    made = []
    _grow(shop, 3, made)
    first = shop.coffee_seller.get_children().live().first().specific
    urls = {
        "product": first.url,
        "storefront": shop.coffee_seller.url,
        "directory": "/penjual/",
        "search": "/cari/?q=kopi",
    }
    url = urls[page]
    cold, warm = PAGE_QUERIES[page]
    for count in (3, 30):
        _grow(shop, count, made)
        client.get(url)
        with django_assert_num_queries(warm):
            client.get(url)
        forget_card_photos()  # every card's key changes: all missed
        with django_assert_num_queries(cold):
            client.get(url)
    assert warm <= cold <= 15
