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


@register.simple_tag(takes_context=True)
def query_string(context, **changes):
    """The current query string with some parameters changed; a value of None removes one."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    params.pop("page", None) if "page" not in changes else None
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
