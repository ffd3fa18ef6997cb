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
from marketplace.variants import reserve_variant_stock
from pasarlokal.core.forms import HoneypotMixin
from pasarlokal.core.phone import normalise_phone

from .cart import grand_total
from .lifecycle import cancel_order
from .models import Order, OrderDelivery, OrderLine, new_access_token, new_reference
from .payments import rupiah_to_stripe_amount
from .provinces import DEFAULT_PROVINCE, PROVINCE_CHOICES

# Stripe accepts a Checkout Session `expires_at` 30 minutes to 24 hours after it creates the
# session; the extra minute keeps "30 minutes" valid despite the request's travel and clock skew.
PAYMENT_WINDOW = datetime.timedelta(minutes=31)
POSTAL_CODE = re.compile(r"^\d{5}$")


class CustomerForm(HoneypotMixin, forms.Form):
    """Who the order is for, once per order: an e-mail address, a phone number, or both."""

    name = forms.CharField(
        label=_("Full name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Phone or WhatsApp"),
        max_length=30,
        required=False,
        help_text=_("So the seller can reach you about delivery, e.g. 0812-3456-7890."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail (optional with a phone number)"),
        required=False,
        help_text=_(
            "We send your order confirmation here. Without an e-mail, keep the order link shown "
            "on the next page; the seller contacts you on WhatsApp."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return normalise_phone(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        given = cleaned.get("phone") or cleaned.get("email")
        if not given and not self.has_error("phone") and not self.has_error("email"):
            self.add_error(
                "phone",
                ValidationError(
                    _("Give a phone/WhatsApp number or an e-mail address so we can reach you."),
                    code="no_contact",
                ),
            )
        return cleaned


class AddressForm(forms.Form):
    """The one delivery address of an order, used by every seller the shopper chose delivery from.

    Only required when at least one seller ships (`needed`); pickup-only orders ignore it.
    """

    street = forms.CharField(
        label=_("Street address"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    village = forms.CharField(
        label=_("Village (kelurahan/desa)"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level4"}),
    )
    district = forms.CharField(
        label=_("District (kecamatan)"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level3"}),
    )
    city = forms.CharField(
        label=_("Regency/city"),
        max_length=120,
        required=False,
        # The template renders the <datalist id="regions"> of the project's regions.
        widget=forms.TextInput(attrs={"autocomplete": "address-level2", "list": "regions"}),
    )
    province = forms.ChoiceField(
        label=_("Province"),
        choices=PROVINCE_CHOICES,
        initial=DEFAULT_PROVINCE,
        required=False,
        error_messages={"invalid_choice": _("Choose one of Indonesia's provinces from the list.")},
        widget=forms.Select(attrs={"autocomplete": "address-level1"}),
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=5,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    FIELDS = ["street", "village", "district", "city", "province", "postal_code"]

    def __init__(self, *args, needed=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.needed = needed

    def clean_postal_code(self):
        value = self.cleaned_data.get("postal_code", "").strip()
        if value and not POSTAL_CODE.match(value):
            raise ValidationError(_("A postal code has exactly 5 digits, e.g. 83115."))
        return value

    def clean(self):
        cleaned = super().clean()
        if self.needed:
            for name in self.FIELDS:
                if not (cleaned.get(name) or "").strip() and name not in self.errors:
                    self.add_error(name, _("Needed for delivery."))
        return cleaned

    def address(self):
        """The cleaned address (blank when no seller ships)."""
        if not self.needed:
            return dict.fromkeys(self.FIELDS, "")
        return {name: (self.cleaned_data.get(name) or "").strip() for name in self.FIELDS}


class DeliveryForm(forms.Form):
    """One seller's choice of delivery or pickup. Prefixed with the seller id on the page."""

    method = forms.ChoiceField(
        label=_("Delivery"), choices=OrderDelivery.Method.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        choices = [(OrderDelivery.Method.SHIP, _("Ship to me"))]
        if group.offers_pickup:
            choices.append((OrderDelivery.Method.PICKUP, _("I will pick it up")))
        self.fields["method"].choices = choices
        self.fields["method"].initial = OrderDelivery.Method.SHIP

    def chosen_method(self):
        """What the summary counts: the valid choice, else delivery (the default)."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["method"]
        return OrderDelivery.Method.SHIP


class PaymentChoiceForm(forms.Form):
    """How to pay, when more than one provider is on ("QRIS / bank transfer / e-wallet" or card)."""

    provider = forms.ChoiceField(label=_("Pay with"), widget=forms.RadioSelect)

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.providers = {p.name: p for p in providers}
        self.fields["provider"].choices = [(p.name, p.choice_label) for p in providers]
        self.fields["provider"].initial = providers[0].name if providers else None

    @property
    def is_choice(self):
        return len(self.providers) > 1

    def chosen(self):
        if not self.is_choice:
            return next(iter(self.providers.values()))
        return self.providers[self.cleaned_data["provider"]]

    def is_valid(self):
        return not self.is_choice or super().is_valid()


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


def place_order(groups, customer, deliveries, language="", address=None):
    """Create a pending order for `groups` (SellerGroups that sell online) and hold their stock.

    `customer` is CustomerForm.cleaned_data, `deliveries` maps seller id → DeliveryForm.cleaned_data
    and `address` is AddressForm.address(): the one address every shipping seller delivers to.
    Raises OutOfStock (nothing created, nothing reserved) or OrderTooLarge.
    """
    address = address or {}
    total = grand_total(groups, {pk: data["method"] for pk, data in deliveries.items()})
    try:
        rupiah_to_stripe_amount(total)
    except ValueError as error:
        raise OrderTooLarge(total) from error

    lines = sorted(
        (line for group in groups for line in group.lines),
        key=lambda line: (line.product.pk, line.variant.pk if line.variant else 0),
    )
    with transaction.atomic():
        order = Order.objects.create(
            reference=_unique(new_reference, "reference"),
            access_token=_unique(new_access_token, "access_token"),
            status=Order.Status.PENDING,
            customer_name=customer["name"],
            customer_email=customer.get("email") or "",
            customer_phone=customer.get("phone") or "",
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
                shipping_fee=group.shipping_for(data["method"]),
                **{name: address.get(name, "") if ship else "" for name in AddressForm.FIELDS},
            )
        for line in lines:
            product, variant = line.product, line.variant
            reserve = not product.made_to_order
            if reserve and not _reserve(line):
                # Leaving the block with an exception rolls back the order and earlier reservations.
                held = variant or product.stock
                held.refresh_from_db(fields=["quantity"])
                raise OutOfStock(line.name, max(held.quantity, 0))
            OrderLine.objects.create(
                order=order,
                product=product,
                seller=product.seller,
                product_name=product.title,
                variant=variant,
                variant_label=variant.display if variant else "",
                unit_price=line.unit_price,
                quantity=line.quantity,
                stock_reserved=reserve,
            )
    return order


def _reserve(line):
    if line.variant is not None:
        return reserve_variant_stock(line.product.pk, line.variant.pk, line.quantity)
    return reserve_stock(line.product.pk, line.quantity)


def abandon_order(order, reason):
    """Payment could not start: give the stock back at once (the shopper keeps their cart)."""
    cancel_order(order, reason=reason, notify=False)
