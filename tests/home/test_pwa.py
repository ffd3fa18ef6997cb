"""Web app manifest, service worker, offline page, and what the worker must never cache."""

import json

from django.contrib.staticfiles import finders
from django.test import override_settings

from home import pwa
from tests.factories import (
    CatalogueIndexPageFactory,
    ProductImageFactory,
    ProductPageFactory,
    SellerIndexPageFactory,
    SellerPageFactory,
)


def test_manifest_names_the_app_its_icons_and_theme(client, home_page):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "Pasar Lokal" and data["start_url"] == "/"
    assert data["display"] == "standalone" and data["theme_color"] == "#0f5c5a"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon
    page = client.get("/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page


def test_service_worker_is_served_from_the_root_with_a_versioned_cache(client, home_page):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    config = json.loads(body.split("const PASARLOKAL = ", 1)[1].split(";\n", 1)[0])
    assert config["version"] == pwa.cache_version()
    for path in ("/admin/", "/keranjang/", "/pesanan/", "/kontak/", "/qr/"):
        assert path in config["neverCached"]
    assert "/offline/" in config["shell"] and "/en/offline/" in config["shell"]
    for url in config["shell"]:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
        else:
            assert client.get(url).status_code == 200, url


def test_cache_version_changes_on_deploy(settings):
    pwa.cache_version.cache_clear()
    before = pwa.cache_version()
    with override_settings(PWA_CACHE_VERSION="2026-12-03"):
        pwa.cache_version.cache_clear()
        assert pwa.cache_version() != before
    pwa.cache_version.cache_clear()


def test_offline_page_works_and_has_no_inline_script(client, home_page):
    for url in ("/offline/", "/en/offline/"):
        body = client.get(url).content.decode()
        assert 'id="recent-products"' in body
        assert "<script>" not in body and "<script >" not in body
        assert "/static/js/offline.js" in body


def test_product_page_offers_its_data_for_the_offline_list(client, home_page):
    CatalogueIndexPageFactory(parent=home_page)
    seller = SellerPageFactory(
        parent=SellerIndexPageFactory(parent=home_page), whatsapp="6281234567890"
    )
    product = ProductPageFactory(parent=seller, title="Kopi Sembalun")
    ProductImageFactory(product=product)
    body = client.get(product.url).content.decode()
    data = json.loads(
        body.split('<script id="recent-product" type="application/json">', 1)[1].split("</script>")[
            0
        ]
    )
    assert data["title"] == "Kopi Sembalun" and data["url"] == product.url
    assert data["whatsapp"].startswith("https://wa.me/6281234567890?text=")
    assert data["seller"] == seller.title


def test_pages_for_a_session_are_private_so_the_worker_never_keeps_them(client, home_page):
    assert "private" not in client.get("/").get("Cache-Control", "")
    session = client.session
    session["cart"] = {"1": 1}
    session.save()
    assert "private" in client.get("/").get("Cache-Control", "")
