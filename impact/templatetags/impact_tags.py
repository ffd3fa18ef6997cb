import datetime

from django import template
from django.utils.formats import date_format, number_format

from pasarlokal.core.money import format_rupiah

register = template.Library()


@register.filter
def count(value):
    """1234 → 1.234 (Indonesian) / 1,234 (English)."""
    return number_format(value or 0, force_grouping=True)


@register.simple_tag
def impact_cell(row, key, kind):
    """One table cell of a report row, formatted for people (exports stay unformatted)."""
    value = row.get(key) if isinstance(row, dict) else getattr(row, key, "")
    if kind == "rupiah":
        return format_rupiah(value or 0)
    if kind == "number":
        return count(value)
    if kind == "date" and isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return "" if value is None else value
