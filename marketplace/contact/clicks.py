"""Counting contact clicks and building the links they lead to.

The redirect views and the cart (WhatsApp order per seller) share these, so a click is counted
the same way everywhere and a wa.me link is only ever built from a seller's stored number.
"""

import re
from urllib.parse import quote, urlsplit

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

from pasarlokal.core.money import format_rupiah
from pasarlokal.core.ratelimit import client_ip

from .models import ContactClick

# Crawlers, link-preview fetchers and command-line clients: redirected, never counted.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|facebookcatalog|whatsapp|"
    r"embedly|quora link|vkshare|skypeuripreview|lighthouse|pingdom|"
    r"curl|wget|python-requests|python-urllib|httpx|aiohttp|go-http-client|java/|okhttp|"
    r"libwww|scrapy",
    re.IGNORECASE,
)

REFERRER_PATH_MAX = ContactClick._meta.get_field("referrer_path").max_length
REPEAT_WINDOW = 30  # seconds


def is_bot(request):
    user_agent = request.META.get("HTTP_USER_AGENT", "").strip()
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))


def should_count(request):
    """Only real GETs (links) and POSTs (the cart's order forms) from browsers count; HEAD (link
    checkers, previews) and bots do not."""
    return request.method in ("GET", "POST") and not is_bot(request)


def is_repeat(request, seller, channel, product=None):
    """True for the same tap again within REPEAT_WINDOW seconds (a double tap, a reload).

    Remembered only in the cache, under a keyed hash of the address: nothing about the shopper
    reaches the database.
    """
    digest = salted_hmac(
        "pasarlokal.contact.repeat",
        f"{client_ip(request)}|{seller.pk}|{getattr(product, 'pk', '')}|{channel}",
    ).hexdigest()[:32]
    return not cache.add(f"pasarlokal:contact:tap:{digest}", 1, REPEAT_WINDOW)


def referrer_path(request):
    """The path of a same-site Referer, without query or fragment; nothing for other sites."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer:
        return ""
    if not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(referer)
    if not parts.netloc:  # a relative Referer is not something browsers send
        return ""
    return (parts.path or "/")[:REFERRER_PATH_MAX]


def page_language():
    return (translation.get_language() or "id").split("-")[0][:10]


def record_click(request, seller, channel, product=None, cart_snapshot=None):
    """Count one contact click unless it comes from a bot, a HEAD request or is a repeat tap.

    Returns the ContactClick, or None when it was not counted. Keeps no IP address, user agent
    or other personal data: only what, when, in which page language and from which page of ours.
    The cart uses this with channel ``ContactClick.Channel.WHATSAPP_CART`` and a snapshot of the
    lines sent (e.g. ``[{"product": 12, "quantity": 2}]``).
    """
    if not should_count(request) or is_repeat(request, seller, channel, product):
        return None
    return ContactClick.objects.create(
        product=product,
        seller=seller,
        channel=channel,
        created_at=timezone.now(),
        language=page_language(),
        referrer_path=referrer_path(request),
        cart_snapshot=cart_snapshot,
    )


# --- Links -------------------------------------------------------------------------------


def whatsapp_url(number, text=""):
    """https://wa.me/<62…>?text=<encoded>; `number` must be a stored (normalised) number."""
    digits = "".join(ch for ch in str(number) if ch.isdigit())
    if not digits:
        raise ValueError("a WhatsApp number is needed")
    url = f"https://wa.me/{digits}"
    if text:
        url += "?text=" + quote(text, safe="")
    return url


def phone_url(number):
    digits = "".join(ch for ch in str(number) if ch.isdigit())
    if not digits:
        raise ValueError("a phone number is needed")
    return f"tel:+{digits}"


def email_url(address, subject=""):
    # quote() the address too: a stored address is validated, but never let it add parameters.
    url = "mailto:" + quote(address, safe="@.+-_")
    if subject:
        url += "?subject=" + quote(subject, safe="")
    return url


def price_text(product):
    stock = getattr(product, "stock", None)
    price = getattr(stock, "price", None) if stock is not None else None
    if price is None:
        return gettext("price on request")
    return format_rupiah(price)


def product_message(product, seller, request):
    """The prefilled chat message about one product, in the page's language."""
    return gettext("Hello %(seller)s, I am interested in *%(product)s* (%(price)s) — %(url)s") % {
        "seller": seller.title,
        "product": product.title,
        "price": price_text(product),
        "url": product.get_full_url(request),
    }


def seller_message(seller, request):
    return gettext("Hello %(seller)s, I found your shop on Pasar Lokal — %(url)s") % {
        "seller": seller.title,
        "url": seller.get_full_url(request),
    }


def product_email_subject(product):
    return gettext("Question about %(product)s (Pasar Lokal)") % {"product": product.title}


def seller_email_subject():
    return gettext("Question from a Pasar Lokal visitor")
