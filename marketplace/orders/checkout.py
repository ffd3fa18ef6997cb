"""Checkout: the form, and turning the online part of a cart into a pending order with stock held.

Stock is reserved in the same transaction that creates the order, one conditional UPDATE per
line, in product-id order (two carts holding the same products in opposite order then lock rows
in the same order and cannot deadlock). If any line cannot be reserved the transaction rolls back:
no order, nothing reserved. Made-to-order products are not reserved: they are made for the order,
so their stock figure is not a limit (the line remembers `stock_reserved=False`).
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.products import reserve_stock
from pasarlokal.core.forms import HoneypotMixin
from pasarlokal.core.phone import normalise_phone

from .lifecycle import cancel_order
from .models import Order, OrderDelivery, OrderLine, new_access_token, new_reference
from .payments import rupiah_to_stripe_amount

# Stripe accepts a Checkout Session `expires_at` 30 minutes to 24 hours after it creates the
# session; the extra minute keeps "30 minutes" valid despite the request's travel and clock skew.
PAYMENT_WINDOW = datetime.timedelta(minutes=31)
POSTAL_CODE = re.compile(r"^\d{5}$")


class CustomerForm(HoneypotMixin, forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=120)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We send your order confirmation here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone or WhatsApp"),
        max_length=30,
        help_text=_("So the seller can reach you about delivery, e.g. 0812-3456-7890."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])


class DeliveryForm(forms.Form):
    """One seller's delivery choice. Prefixed with the seller id on the checkout page."""

    method = forms.ChoiceField(
        label=_("Delivery"), choices=OrderDelivery.Method.choices, widget=forms.RadioSelect
    )
    street = forms.CharField(label=_("Street address"), max_length=255, required=False)
    village = forms.CharField(label=_("Village (kelurahan/desa)"), max_length=120, required=False)
    district = forms.CharField(label=_("District (kecamatan)"), max_length=120, required=False)
    city = forms.CharField(label=_("Regency/city"), max_length=120, required=False)
    province = forms.CharField(label=_("Province"), max_length=120, required=False)
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=5,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    ADDRESS_FIELDS = ["street", "village", "district", "city", "province", "postal_code"]

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        choices = [(OrderDelivery.Method.SHIP, _("Ship to me"))]
        if group.offers_pickup:
            choices.append((OrderDelivery.Method.PICKUP, _("I will pick it up")))
        self.fields["method"].choices = choices
        self.fields["method"].initial = OrderDelivery.Method.SHIP
        self.fields["street"].widget.attrs["autocomplete"] = "street-address"

    def clean_postal_code(self):
        value = self.cleaned_data.get("postal_code", "").strip()
        if value and not POSTAL_CODE.match(value):
            raise ValidationError(_("A postal code has exactly 5 digits, e.g. 83115."))
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("method") == OrderDelivery.Method.SHIP:
            for name in self.ADDRESS_FIELDS:
                if not (cleaned.get(name) or "").strip() and name not in self.errors:
                    self.add_error(name, _("Needed for delivery."))
        return cleaned


class OutOfStock(Exception):
    def __init__(self, product_name, available):
        super().__init__(product_name)
        self.product_name = product_name
        self.available = available


class OrderTooLarge(Exception):
    pass


def _unique(factory, field):
    for _attempt in range(5):
        value = factory()
        if not Order.objects.filter(**{field: value}).exists():
            return value
    raise IntegrityError(f"could not find a free {field}")


def place_order(groups, customer, deliveries, language=""):
    """Create a pending order for `groups` (SellerGroups that sell online) and hold their stock.

    `customer` is CustomerForm.cleaned_data, `deliveries` maps seller id → DeliveryForm.cleaned_data.
    Raises OutOfStock (nothing created, nothing reserved) or OrderTooLarge.
    """
    total = 0
    for group in groups:
        total += group.subtotal
        if deliveries[group.seller.pk]["method"] == OrderDelivery.Method.SHIP:
            total += group.shipping_fee
    try:
        rupiah_to_stripe_amount(total)
    except ValueError as error:
        raise OrderTooLarge(total) from error

    lines = sorted(
        (line for group in groups for line in group.lines), key=lambda line: line.product.pk
    )
    with transaction.atomic():
        order = Order.objects.create(
            reference=_unique(new_reference, "reference"),
            access_token=_unique(new_access_token, "access_token"),
            status=Order.Status.PENDING,
            customer_name=customer["name"],
            customer_email=customer["email"],
            customer_phone=customer["phone"],
            total=total,
            currency="IDR",
            language=language,
            expires_at=timezone.now() + PAYMENT_WINDOW,
        )
        for group in groups:
            data = deliveries[group.seller.pk]
            ship = data["method"] == OrderDelivery.Method.SHIP
            OrderDelivery.objects.create(
                order=order,
                seller=group.seller,
                method=data["method"],
                shipping_fee=group.shipping_fee if ship else 0,
                **{
                    name: (data.get(name) or "").strip() if ship else ""
                    for name in DeliveryForm.ADDRESS_FIELDS
                },
            )
        for line in lines:
            product = line.product
            reserve = not product.made_to_order
            if reserve and not reserve_stock(product.pk, line.quantity):
                # Leaving the block with an exception rolls back the order and earlier reservations.
                product.stock.refresh_from_db(fields=["quantity"])
                raise OutOfStock(product.title, max(product.stock.quantity, 0))
            OrderLine.objects.create(
                order=order,
                product=product,
                seller=product.seller,
                product_name=product.title,
                unit_price=line.unit_price,
                quantity=line.quantity,
                stock_reserved=reserve,
            )
    return order


def abandon_order(order, reason):
    """Payment could not start: give the stock back at once (the shopper keeps their cart)."""
    cancel_order(order, reason=reason, notify=False)
