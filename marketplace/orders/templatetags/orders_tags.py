from django import template

from ..cart import available_quantity
from ..cart import can_add_to_cart as _can_add_to_cart

register = template.Library()


@register.filter
def can_add_to_cart(product):
    return _can_add_to_cart(product)


@register.filter
def max_quantity(product):
    return available_quantity(product)
