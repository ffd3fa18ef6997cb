"""Indonesian phone and WhatsApp numbers, stored as 62… (country code, no plus)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-\.\(\)]")
_DIGITS = re.compile(r"[0-9]+")


def normalise_phone(value):
    """Return the number as 62… or raise ValidationError.

    Accepts 08…, +62 8…, 62-8…, 8…, with spaces, dashes, dots or brackets between digits.
    """
    raw = (value or "").strip()
    digits = _SEPARATORS.sub("", raw)
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("0062"):  # dialled with the international prefix
        digits = digits[2:]
    # ASCII digits only: str.isdigit() would let Arabic-Indic or full-width digits through.
    if not _DIGITS.fullmatch(digits):
        raise ValidationError(
            _("Enter an Indonesian phone number using digits only, e.g. 0812-3456-7890."),
            code="invalid_phone",
        )
    if digits.startswith("620"):
        digits = "62" + digits[3:]
    elif digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    if not digits.startswith("62"):
        raise ValidationError(
            _("Enter an Indonesian number starting with 08, +62 or 62."), code="invalid_phone"
        )
    national = digits[2:]
    if not (8 <= len(national) <= 13):
        raise ValidationError(
            _("That number has too few or too many digits for an Indonesian number."),
            code="invalid_phone",
        )
    return digits


def normalise_whatsapp(value):
    """WhatsApp needs a mobile number: 62 8…."""
    number = normalise_phone(value)
    if not number.startswith("628"):
        raise ValidationError(
            _("A WhatsApp number must be a mobile number starting with 08 or +62 8."),
            code="invalid_whatsapp",
        )
    return number


def validate_whatsapp(value):
    normalise_whatsapp(value)


def validate_phone(value):
    normalise_phone(value)


def display_phone(number):
    """62812345678 → +62 812-3456-78 (mobile); 62370632713 → +62 370 632713 (landline)."""
    if not number or not number.startswith("62"):
        return number or ""
    national = number[2:]
    if national.startswith("8"):
        groups = [national[:3], national[3:7], national[7:]]
        return "+62 " + "-".join(g for g in groups if g)
    # Landlines: two-digit area codes for the big cities (21 Jakarta, 22 Bandung, 24, 31, 61…),
    # three digits elsewhere (370 Mataram, 374 Bima…).
    area_len = 2 if national[:2] in {"21", "22", "24", "31", "61"} else 3
    return f"+62 {national[:area_len]} {national[area_len:]}"
