"""Rupiah: whole numbers, shown as Rp150.000 (dot for thousands, no decimals), and typed so."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


def format_rupiah(amount):
    if amount is None or amount == "":
        return ""
    amount = int(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


# --- Typing rupiah --------------------------------------------------------------------------

_PREFIX = re.compile(r"^(rp\.?|idr)", re.IGNORECASE)
# 2750000, or dots between groups of three (2.750.000), optionally with zero cents (",00").
_AMOUNT = re.compile(r"^(?P<whole>[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+)(?:,0{1,2})?$")


def parse_rupiah(text):
    """ "Rp 2.750.000", "2.750.000,00", "2750000" → 2750000; anything else raises ValueError.

    Indonesian writing: dots group thousands, a comma starts the cents (which must be zero:
    prices are whole rupiah). "2,5" and "2.75" are refused rather than guessed at.
    """
    cleaned = re.sub(r"\s+", "", str(text))
    cleaned = _PREFIX.sub("", cleaned)
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise ValueError(text)
    return int(match["whole"].replace(".", ""))


def group_thousands(amount):
    """2750000 → "2.750.000" (the figure without "Rp", for a form field)."""
    return f"{int(amount):,}".replace(",", ".")


class RupiahInput(forms.TextInput):
    """A text box showing 2.750.000 after an "Rp" prefix; numeric keypad on phones."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    class Media:
        css = {"all": ["css/rupiah-input.css"]}

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        return format_html(
            '<span class="rupiah-input"><span class="rupiah-input__prefix" aria-hidden="true">'
            "Rp</span>{}</span>",
            box,
        )

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return group_thousands(value)
        return super().format_value(value)


class RupiahField(forms.IntegerField):
    """Whole rupiah as typed in Indonesia (see `parse_rupiah`); negative amounts are refused."""

    widget = RupiahInput
    default_error_messages = {
        "invalid": _("Enter a whole rupiah amount, e.g. 2.750.000."),
        "negative": _("The price cannot be negative."),
        "min_value": _("The price cannot be negative."),
        "max_value": _("That amount is too large."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 9_999_999_999)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if text.startswith("-") or _PREFIX.sub("", text.replace(" ", "")).startswith("-"):
            raise ValidationError(self.error_messages["negative"], code="min_value")
        try:
            return parse_rupiah(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget):
        # No min/max/step: the box holds text such as "2.750.000", not a number input's value.
        return forms.Field.widget_attrs(self, widget)
