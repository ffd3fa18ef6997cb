"""What search engines and link previews read: JSON-LD Product/Offer and OpenGraph/Twitter tags."""

import json

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from wagtail.models import Site

from pasarlokal.core.money import format_rupiah
from pasarlokal.core.renditions import rendition_url

SOCIAL_IMAGE_SPEC = "fill-1200x630|format-jpeg|jpegquality-80"
LD_IMAGE_SPEC = "max-1200x1200|format-jpeg|jpegquality-80"

AVAILABILITY_URLS = {
    "in_stock": "https://schema.org/InStock",
    "made_to_order": "https://schema.org/PreOrder",
    "out_of_stock": "https://schema.org/OutOfStock",
}


def json_script_ld(data):
    """JSON-LD for a <script type="application/ld+json">, safe against </script> in content."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 — escaped above


def _absolute(request, url):
    """An absolute URL on the configured Wagtail Site (not the request's Host header)."""
    if not url or url.startswith(("http://", "https://")):
        return url
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return site.root_url + url if site else url


def product_description(product):
    text = product.summary or strip_tags(product.description or "")
    return Truncator(" ".join(text.split())).chars(300)


def product_json_ld(product, request, gallery):
    url = product.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "url": url,
        "sku": str(product.pk),
        "description": product_description(product),
        "image": [
            _absolute(request, url)
            for photo in gallery[:3]
            if (url := rendition_url(photo.image, LD_IMAGE_SPEC))
        ],
    }
    if product.category_id:
        data["category"] = (
            f"{product.category.sector.display_name} > {product.category.display_name}"
        )
    seller = product.seller
    if seller:
        data["brand"] = {"@type": "Brand", "name": seller.title}
    offer = {
        "@type": "Offer",
        "url": url,
        "priceCurrency": "IDR",
        "availability": AVAILABILITY_URLS[product.stock_status],
        "itemCondition": "https://schema.org/NewCondition",
    }
    if product.price is not None:
        offer["price"] = str(product.price)
    if seller:
        offer["seller"] = {"@type": "Organization", "name": seller.title}
        if seller.region_id:
            offer["areaServed"] = seller.region.display_name
    data["offers"] = offer
    return json_script_ld(data)


def product_social_meta(product, request, gallery):
    """OpenGraph and Twitter values, so a link pasted into WhatsApp shows photo, name and price."""
    title = product.title
    if product.price is not None:
        title = f"{product.title} · {format_rupiah(product.price)}"
    image_url = ""
    image_alt = ""
    if gallery and (url := rendition_url(gallery[0].image, SOCIAL_IMAGE_SPEC)):
        image_url = _absolute(request, url)
        image_alt = gallery[0].alt_text
    return {
        "type": "product",
        "title": title,
        "description": product_description(product),
        "url": product.get_full_url(request),
        "image": image_url,
        "image_alt": image_alt,
        "price": product.price,
    }
