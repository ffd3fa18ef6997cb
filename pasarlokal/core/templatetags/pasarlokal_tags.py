from django import template

from pasarlokal.core.money import format_rupiah
from pasarlokal.core.phone import display_phone

register = template.Library()


@register.filter
def rupiah(amount):
    """{{ 150000|rupiah }} → Rp150.000"""
    return format_rupiah(amount)


@register.filter
def phone_display(number):
    return display_phone(number)
