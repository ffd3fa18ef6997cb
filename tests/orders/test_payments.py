import pytest

from marketplace.orders.payments import (
    STRIPE_MAX_IDR_AMOUNT,
    AmountTooLarge,
    rupiah_to_stripe_amount,
    stripe_amount_to_rupiah,
)


@pytest.mark.parametrize(
    ("rupiah", "minor"),
    [
        (0, 0),
        (1, 100),
        (150_000, 15_000_000),
        (2_500_000, 250_000_000),
        (9_999_999_999, 999_999_999_900),
    ],
)
def test_rupiah_become_stripe_minor_units(rupiah, minor):
    assert rupiah_to_stripe_amount(rupiah) == minor
    assert stripe_amount_to_rupiah(minor) == rupiah


def test_twelve_digit_maximum():
    assert len(str(STRIPE_MAX_IDR_AMOUNT)) == 12
    assert rupiah_to_stripe_amount(9_999_999_999) <= STRIPE_MAX_IDR_AMOUNT
    with pytest.raises(AmountTooLarge):
        rupiah_to_stripe_amount(10_000_000_000)  # would be 13 digits


@pytest.mark.parametrize("bad", [-1, 1.5, "150000", None, True])
def test_refuses_what_is_not_whole_rupiah(bad):
    with pytest.raises((TypeError, ValueError)):
        rupiah_to_stripe_amount(bad)
