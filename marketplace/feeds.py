"""Product feeds for shopping surfaces: Google Merchant Center (RSS 2.0 with the g: namespace)
and the Meta (Facebook/Instagram) catalogue (CSV).

Live, public products with a price only. Built in a constant number of queries and cached; any
publish, unpublish or stock/price change bumps a version so the next request rebuilds them.
"""

import csv
import io
import time
from xml.sax.saxutils import XMLGenerator

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.views.decorators.http import require_GET

from wagtail.models import Site

from pasarlokal.core.renditions import rendition_url

from .catalogue import live_products
from .seo import LD_IMAGE_SPEC

FEED_VERSION_KEY = "pasarlokal:feeds-version"
FEED_TIMEOUT = 60 * 60 * 6
GOOGLE_NS = "http://base.google.com/ns/1.0"
# Each provider's own words. Made-to-order products can be ordered today, so they are offered.
GOOGLE_AVAILABILITY = {
    "in_stock": "in_stock",
    "made_to_order": "in_stock",
    "out_of_stock": "out_of_stock",
}
META_AVAILABILITY = {
    "in_stock": "in stock",
    "made_to_order": "available for order",
    "out_of_stock": "out of stock",
}


def forget_feeds(**kwargs):
    cache.set(FEED_VERSION_KEY, time.time_ns(), None)


def feed_products():
    return (
        live_products()
        .filter(stock__price__isnull=False)
        .select_related("seller__region")
        .order_by("pk")
    )


def _description(product):
    text = product.summary or strip_tags(product.description or "") or product.title
    return Truncator(" ".join(text.split())).chars(5000)


def feed_items(site):
    """One dict per product with every field both feeds carry."""
    root = site.root_url
    items = []
    for product in feed_products().defer(None):
        url = product.get_url()
        if not url:
            continue
        link = url if url.startswith("http") else root + url
        photos = list(product.gallery_images.all())
        image = rendition_url(photos[0].image, LD_IMAGE_SPEC) if photos else None
        if image and not image.startswith("http"):
            image = root + image
        category = product.category
        seller = product.seller
        items.append(
            {
                "id": str(product.pk),
                "title": Truncator(product.title).chars(150),
                "description": _description(product),
                "link": link,
                "image_link": image or "",
                "stock_status": product.stock_status,
                "price": f"{product.price} IDR",
                "brand": seller.title if seller else "Pasar Lokal",
                "condition": "new",
                "product_type": f"{category.sector.name} > {category.name}" if category else "",
                "region": seller.region.name if seller and seller.region_id else "",
            }
        )
    return items


def _cached(kind, site, build):
    version = cache.get(FEED_VERSION_KEY, 0)
    key = f"pasarlokal:feed:{kind}:{site.pk}:{version}"
    body = cache.get(key)
    if body is None:
        body = build(feed_items(site), site)
        cache.set(key, body, FEED_TIMEOUT)
    return body


def google_xml(items, site):
    out = io.StringIO()
    xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
    xml.startDocument()
    xml.startPrefixMapping("g", GOOGLE_NS)
    xml.startElement("rss", {"version": "2.0", "xmlns:g": GOOGLE_NS})
    xml.startElement("channel", {})

    def element(name, text):
        xml.startElement(name, {})
        xml.characters(text)
        xml.endElement(name)

    element("title", "Pasar Lokal")
    element("link", site.root_url + "/")
    element("description", "Produk IKM lokal / local products")
    for item in items:
        xml.startElement("item", {})
        element("g:id", item["id"])
        element("title", item["title"])
        element("description", item["description"])
        element("link", item["link"])
        if item["image_link"]:
            element("g:image_link", item["image_link"])
        element("g:availability", GOOGLE_AVAILABILITY[item["stock_status"]])
        element("g:price", item["price"])
        element("g:brand", item["brand"])
        element("g:condition", item["condition"])
        element("g:identifier_exists", "no")
        if item["product_type"]:
            element("g:product_type", item["product_type"])
        if item["region"]:
            element("g:custom_label_0", item["region"])
        xml.endElement("item")
    xml.endElement("channel")
    xml.endElement("rss")
    xml.endDocument()
    return out.getvalue()


META_COLUMNS = [
    "id",
    "title",
    "description",
    "availability",
    "condition",
    "price",
    "link",
    "image_link",
    "brand",
    "product_type",
    "custom_label_0",
]


def meta_csv(items, site):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(META_COLUMNS)
    for item in items:
        row = dict(
            item,
            custom_label_0=item["region"],
            availability=META_AVAILABILITY[item["stock_status"]],
        )
        # A spreadsheet must never read a seller's text as a formula.
        writer.writerow(
            [
                "'" + str(row[c]) if str(row[c])[:1] in ("=", "+", "-", "@") else row[c]
                for c in META_COLUMNS
            ]
        )
    return out.getvalue()


def _site(request):
    return Site.find_for_request(request) or Site.objects.get(is_default_site=True)


@require_GET
def google_feed(request):
    body = _cached("google", _site(request), google_xml)
    response = HttpResponse(body, content_type="application/rss+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=900"
    return response


@require_GET
def meta_feed(request):
    body = _cached("meta", _site(request), meta_csv)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="pasarlokal-meta.csv"'
    response["Cache-Control"] = "public, max-age=900"
    return response
