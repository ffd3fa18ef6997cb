import pytest

from django.core.exceptions import ValidationError

from pasarlokal.core.phone import display_phone, normalise_phone, normalise_whatsapp

WHATSAPP_TABLE = [
    ("081234567890", "6281234567890"),
    ("0812-3456-7890", "6281234567890"),
    ("0812 3456 7890", "6281234567890"),
    ("+62 812 3456 7890", "6281234567890"),
    ("+62-812-3456-7890", "6281234567890"),
    ("62-812-3456-7890", "6281234567890"),
    ("6281234567890", "6281234567890"),
    ("+62 (0) 812 3456 7890", "6281234567890"),
    ("0062 812 3456 7890", "6281234567890"),
    ("(0812) 3456.7890", "6281234567890"),
    ("  0877 1234 5678  ", "6287712345678"),
    ("81234567890", "6281234567890"),
]
INVALID_WHATSAPP = [
    "",
    "abc",
    "0812-ABCD-7890",
    "0812",  # too short
    "08123456789012345",  # too long
    "(0370) 632 713",  # a landline cannot take WhatsApp
    "+65 9123 4567",  # Singapore
    "+1 415 555 0100",
    "٠٨١٢٣٤٥٦٧٨٩٠",  # Arabic-Indic digits
    "０８１２３４５６７８９０",  # full-width digits
    "0812/3456/7890",
    "+62 812 3456 7890 ext 2",
]


@pytest.mark.parametrize("raw,expected", WHATSAPP_TABLE)
def test_whatsapp_numbers_are_normalised_to_62(raw, expected):
    assert normalise_whatsapp(raw) == expected


@pytest.mark.parametrize("raw", INVALID_WHATSAPP)
def test_invalid_whatsapp_numbers_are_rejected(raw):
    with pytest.raises(ValidationError):
        normalise_whatsapp(raw)


def test_a_landline_is_a_valid_phone_but_not_whatsapp():
    assert normalise_phone("(0370) 632 713") == "62370632713"
    with pytest.raises(ValidationError) as excinfo:
        normalise_whatsapp("(0370) 632 713")
    assert excinfo.value.code == "invalid_whatsapp"


def test_display_is_readable():
    assert display_phone("6281234567890") == "+62 812-3456-7890"


@pytest.mark.django_db
def test_seller_page_stores_the_normalised_number(shop):
    shop.coffee_seller.whatsapp = "+62 812-3700-1000"
    shop.coffee_seller.save()
    shop.coffee_seller.refresh_from_db()
    assert shop.coffee_seller.whatsapp == "6281237001000"


@pytest.mark.django_db
def test_seller_form_reports_a_bad_number_on_its_field(shop):
    seller = shop.coffee_seller
    seller.whatsapp = "0370 632 713"
    with pytest.raises(ValidationError) as excinfo:
        seller.full_clean()
    assert list(excinfo.value.message_dict) == ["whatsapp"]
