"""Orders and payments.

Contract used by the impact dashboard and the seller portal; extend, don't rename.
Status only moves forward: pending → paid → refunded, or pending → cancelled.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    customer_email = models.EmailField(_("e-mail"))
    customer_phone = models.CharField(_("phone"), max_length=20, blank=True)
    total = models.PositiveBigIntegerField(_("total (Rp)"), default=0)
    currency = models.CharField(max_length=3, default="IDR")
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True, db_index=True)
    expires_at = models.DateTimeField(_("payment expires"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")

    def __str__(self):
        return self.reference


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
    unit_price = models.PositiveBigIntegerField(_("unit price (Rp)"))
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self):
        return f"{self.quantity} × {self.product_name}"

    @property
    def line_total(self):
        return self.unit_price * self.quantity
