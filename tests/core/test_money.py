"""Rupiah as sellers type it: parsing, the form field's errors and how the box shows the value."""

import pytest

from django import forms
from django.utils import translation

from pasarlokal.core.money import RupiahField, parse_rupiah


@pytest.mark.parametrize(
    "typed",
    [
        "2750000",
        "2.750.000",
        "Rp 2.750.000",
        "Rp2.750.000",
        "rp. 2.750.000",
        "IDR 2.750.000",
        "2.750.000,00",
        "2.750.000,0",
        " 2 750 000 ",
        "Rp 2750000,00",
    ],
)
def test_typed_prices_are_read_as_whole_rupiah(typed):
    assert parse_rupiah(typed) == 2_750_000


@pytest.mark.parametrize(
    "typed", ["2,5", "2.75", "2.750.00", "27.50.000", "2.750.000,50", "abc", "Rp", "1e6", "٣٠٠"]
)
def test_ambiguous_or_garbled_prices_are_refused(typed):
    with pytest.raises(ValueError):
        parse_rupiah(typed)


class PriceForm(forms.Form):
    price = RupiahField(label="Harga", required=False)


def errors_for(typed):
    form = PriceForm({"price": typed})
    assert not form.is_valid()
    return form.errors["price"]


def test_field_gives_translated_errors():
    with translation.override("id"):
        assert errors_for("2,5") == ["Masukkan harga dalam rupiah utuh, mis. 2.750.000."]
        assert errors_for("-5.000") == ["Harga tidak boleh negatif."]
        assert errors_for("Rp -5000") == ["Harga tidak boleh negatif."]
        assert errors_for("99.999.999.999") == ["Jumlah itu terlalu besar."]
    with translation.override("en"):
        assert errors_for("abc") == ["Enter a whole rupiah amount, e.g. 2.750.000."]


def test_field_cleans_to_an_integer_and_empty_to_none():
    form = PriceForm({"price": "Rp 2.750.000,00"})
    assert form.is_valid() and form.cleaned_data["price"] == 2_750_000
    form = PriceForm({"price": "  "})
    assert form.is_valid() and form.cleaned_data["price"] is None


def test_box_shows_thousands_and_an_rp_prefix_with_a_numeric_keypad():
    html = str(PriceForm(initial={"price": 2_750_000})["price"])
    assert 'value="2.750.000"' in html
    assert 'inputmode="numeric"' in html and 'type="text"' in html
    assert '<span class="rupiah-input__prefix" aria-hidden="true">Rp</span>' in html
    # What the seller typed comes back as typed, with the error linked to the box.
    bound = PriceForm({"price": "2,5"})
    bound.is_valid()
    html = str(bound["price"])
    assert 'value="2,5"' in html and 'aria-invalid="true"' in html
