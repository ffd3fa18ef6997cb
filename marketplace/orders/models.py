"""Orders and payments.

Contract used by the impact dashboard and the seller portal; extend, don't rename.
Status only moves forward: pending → paid → refunded, or pending → cancelled.

An order covers one checkout, possibly from several sellers: each seller's part has its own
`OrderDelivery` (ship or pickup, address, shipping fee, fulfilment status), and every webhook
event Stripe sends is stored once in `PaymentEvent` (unique event id) so a repeat does nothing.
"""

import secrets

from django.contrib import admin
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pasarlokal.core.money import format_rupiah


def new_reference():
    # Unguessable but readable on the phone: PL- and 10 characters without look-alikes.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "PL-" + "".join(secrets.choice(alphabet) for _ in range(10))


def new_access_token():
    return secrets.token_urlsafe(32)


class PaymentProvider(models.TextChoices):
    MIDTRANS = "midtrans", "Midtrans"
    STRIPE = "stripe", "Stripe"


# How the shopper paid, as the providers name it, in the words the office uses.
PAYMENT_METHOD_LABELS = {
    "card": _("Card"),
    "credit_card": _("Card"),
    "qris": "QRIS",
    "gopay": "GoPay",
    "shopeepay": "ShopeePay",
    "dana": "DANA",
    "ovo": "OVO",
    "bca_va": "BCA VA",
    "bni_va": "BNI VA",
    "bri_va": "BRI VA",
    "cimb_va": "CIMB VA",
    "permata_va": "Permata VA",
    "echannel": "Mandiri Bill",
    "other_va": _("Other bank VA"),
    "cstore": _("Convenience store"),
    "akulaku": "Akulaku",
    "kredivo": "Kredivo",
}


def payment_method_label(code):
    return str(PAYMENT_METHOD_LABELS.get(code, code.replace("_", " ").upper() if code else ""))


def variant_name(product_name, variant_label):
    return f"{product_name} — {variant_label}" if variant_label else product_name


class Order(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")
        REFUNDED = "refunded", _("Refunded")

    reference = models.CharField(_("reference"), max_length=32, unique=True)
    access_token = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    needs_review = models.BooleanField(_("flagged for review"), default=False)
    customer_name = models.CharField(_("name"), max_length=120)
    # Optional since shoppers may give only a phone/WhatsApp number (at least one of the two).
    customer_email = models.EmailField(_("e-mail"), blank=True)
    customer_phone = models.CharField(_("phone"), max_length=20, blank=True)
    total = models.PositiveBigIntegerField(_("total (Rp)"), default=0)
    currency = models.CharField(max_length=3, default="IDR")
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True, db_index=True)
    expires_at = models.DateTimeField(_("payment expires"), null=True, blank=True)
    # Added by the checkout work.
    review_reason = models.CharField(_("reason for review"), max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    stripe_session_id = models.CharField(
        _("Stripe Checkout Session"), max_length=255, blank=True, db_index=True
    )
    stripe_payment_intent = models.CharField(
        _("Stripe PaymentIntent"), max_length=255, blank=True, db_index=True
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded"), null=True, blank=True)
    # Added with Midtrans: which provider took the payment and how the shopper paid.
    payment_provider = models.CharField(
        _("payment provider"), max_length=20, choices=PaymentProvider.choices, blank=True
    )
    payment_method = models.CharField(_("payment method"), max_length=40, blank=True, db_index=True)
    # The provider's id for this payment attempt (Midtrans `order_id`, unique per attempt).
    payment_reference = models.CharField(
        _("payment reference"), max_length=64, blank=True, db_index=True
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")

    def __str__(self):
        return self.reference

    @admin.display(description=_("Total"))
    def total_display(self):
        return format_rupiah(self.total)

    @admin.display(description=_("Sellers"))
    def sellers_display(self):
        return ", ".join(sorted({d.seller.title for d in self.deliveries.all()}))

    @admin.display(description=_("Paid with"))
    def payment_display(self):
        """e.g. "Midtrans · QRIS"; empty before a provider was chosen."""
        parts = [self.get_payment_provider_display(), payment_method_label(self.payment_method)]
        return " · ".join(p for p in parts if p)

    @property
    def payment_method_label(self):
        return payment_method_label(self.payment_method)

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def is_paid(self):
        return self.status == self.Status.PAID


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "marketplace.ProductPage",
        verbose_name=_("product"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="order_lines",
    )
    seller = models.ForeignKey(
        "marketplace.SellerPage",
        verbose_name=_("seller"),
        on_delete=models.PROTECT,
        related_name="order_lines",
    )
    product_name = models.CharField(_("product"), max_length=255)
    # The size or colour chosen, and its name as it was ordered ("Ukuran: M"), which still reads
    # right if the seller later deletes the variant.
    variant = models.ForeignKey(
        "marketplace.ProductVariant",
        verbose_name=_("variant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order_lines",
    )
    variant_label = models.CharField(_("variant"), max_length=80, blank=True)
    unit_price = models.PositiveBigIntegerField(_("unit price (Rp)"))
    quantity = models.PositiveIntegerField(_("quantity"))
    # False for made-to-order products: nothing was taken from stock, so nothing is given back.
    stock_reserved = models.BooleanField(_("stock reserved"), default=True)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self):
        return f"{self.quantity} × {self.display_name}"

    @property
    def display_name(self):
        """ "Gamis Tenun — Ukuran: M", or the product's name alone."""
        return variant_name(self.product_name, self.variant_label)

    @property
    def line_total(self):
        return self.unit_price * self.quantity


class OrderDeliveryQuerySet(models.QuerySet):
    def with_seller_amount(self):
        """Annotate `seller_amount`: the seller's own lines plus their shipping fee, in one query."""
        lines = (
            OrderLine.objects.filter(
                order=models.OuterRef("order"), seller=models.OuterRef("seller")
            )
            .values("order")
            .annotate(
                total=models.Sum(
                    models.F("unit_price") * models.F("quantity"),
                    output_field=models.BigIntegerField(),
                )
            )
            .values("total")
        )
        return self.annotate(
            seller_amount=Coalesce(models.Subquery(lines), 0) + models.F("shipping_fee")
        )


class OrderDelivery(models.Model):
    """One seller's part of an order: how it reaches the shopper, and how far fulfilment got."""

    class Method(models.TextChoices):
        SHIP = "ship", _("Delivery")
        PICKUP = "pickup", _("Pickup")

    class Fulfilment(models.TextChoices):
        NEW = "new", _("To prepare")
        SHIPPED = "shipped", _("Shipped")
        READY = "ready", _("Ready for pickup")
        COMPLETED = "completed", _("Completed")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="deliveries")
    seller = models.ForeignKey(
        "marketplace.SellerPage",
        verbose_name=_("seller"),
        on_delete=models.PROTECT,
        related_name="order_deliveries",
    )
    method = models.CharField(_("delivery"), max_length=10, choices=Method.choices)
    shipping_fee = models.PositiveBigIntegerField(_("shipping fee (Rp)"), default=0)
    street = models.CharField(_("street address"), max_length=255, blank=True)
    village = models.CharField(_("village (kelurahan/desa)"), max_length=120, blank=True)
    district = models.CharField(_("district (kecamatan)"), max_length=120, blank=True)
    city = models.CharField(_("regency/city"), max_length=120, blank=True)
    province = models.CharField(_("province"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    fulfilment = models.CharField(
        _("fulfilment"),
        max_length=12,
        choices=Fulfilment.choices,
        default=Fulfilment.NEW,
        db_index=True,
    )
    courier = models.CharField(_("courier"), max_length=80, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=80, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    ready_at = models.DateTimeField(_("ready for pickup"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = OrderDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-order__created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "seller"], name="one_delivery_per_seller"),
        ]
        verbose_name = _("seller order")
        verbose_name_plural = _("seller orders")

    def __str__(self):
        return f"{self.order.reference} – {self.seller}"

    # The field's own label would be an untranslated "Order" (and Wagtail's "Order" means a
    # sort order in Indonesian); changing the field's verbose_name would need a migration.
    @admin.display(
        description=pgettext_lazy("a shopper's purchase", "Order"), ordering="order__created_at"
    )
    def order_reference(self):
        return self.order.reference

    @admin.display(description=_("Payment"))
    def order_status(self):
        return self.order.get_status_display()

    @admin.display(description=_("Ordered"))
    def order_created(self):
        return self.order.created_at

    @property
    def address_lines(self):
        if self.method != self.Method.SHIP:
            return []
        return [
            line
            for line in [
                self.street,
                ", ".join(p for p in [self.village, self.district] if p),
                ", ".join(p for p in [self.city, self.province] if p),
                self.postal_code,
            ]
            if line
        ]

    @property
    def lines(self):
        return [line for line in self.order.lines.all() if line.seller_id == self.seller_id]

    @property
    def subtotal(self):
        return sum(line.line_total for line in self.lines)

    @property
    def seller_total(self):
        """What this seller is owed for the order: their lines plus their shipping fee."""
        annotated = getattr(self, "seller_amount", None)
        return annotated if annotated is not None else self.subtotal + self.shipping_fee

    @admin.display(description=_("Amount"), ordering="seller_amount")
    def amount_display(self):
        return format_rupiah(self.seller_total)


class PaymentEvent(models.Model):
    """A provider's notification, stored once: a repeat delivery finds its id and does nothing.

    Stripe events have their own ids; a Midtrans notification's id is built from the status it
    was checked against (order id, transaction status, fraud status), see midtrans.event_id.
    """

    event_id = models.CharField(_("event id"), max_length=255, unique=True)
    event_type = models.CharField(_("type"), max_length=80, db_index=True)
    order = models.ForeignKey(
        Order,
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payment_events",
    )
    source = models.CharField(_("source"), max_length=20, default="webhook")
    outcome = models.CharField(_("outcome"), max_length=255, blank=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")

    def __str__(self):
        return f"{self.event_type} {self.event_id}"
