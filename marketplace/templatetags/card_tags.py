"""`{% product_cards products %}`: a list of product cards, each from the card cache when it can."""

from django import template

from ..card_cache import render_cards

register = template.Library()


@register.simple_tag(takes_context=True)
def product_cards(context, products, eager=0):
    """The cards of `products` (components/product_card.html), the first `eager` of them
    loaded eagerly (above the fold). See marketplace/card_cache.py."""
    return render_cards(context, products, eager=eager)
