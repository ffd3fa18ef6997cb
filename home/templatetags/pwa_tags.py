"""What the offline page needs to know about a product a shopper has viewed."""

from django import template
from django.utils.html import json_script

from marketplace.contact import clicks

register = template.Library()


@register.simple_tag(takes_context=True)
def recent_product_data(context, product):
    """A JSON data block (not a script: the CSP allows it) that site.js keeps in localStorage.

    The WhatsApp link goes straight to wa.me: offline, our counted redirect cannot answer.
    """
    request = context.get("request")
    seller = product.seller
    whatsapp = ""
    if seller and seller.whatsapp:
        whatsapp = clicks.whatsapp_url(
            seller.whatsapp, clicks.product_message(product, seller, request)
        )
    data = {
        "title": product.title,
        "url": product.get_url(request),
        "price": clicks.price_text(product),
        "seller": seller.title if seller else "",
        "whatsapp": whatsapp,
    }
    return json_script(data, "recent-product")
