"""Contact the seller: counted contact clicks and enquiries.

Contract used by the impact dashboard and the seller portal; extend, don't rename.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactClick(models.Model):
    """One counted tap on a contact link. No IP address or other personal data is kept."""

    class Channel(models.TextChoices):
        WHATSAPP = "whatsapp", _("WhatsApp")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        WHATSAPP_CART = "whatsapp_cart", _("WhatsApp cart order")

    # What sellers see as "WhatsApp clicks": a product's button and a cart sent on WhatsApp.
    WHATSAPP_CHANNELS = (Channel.WHATSAPP, Channel.WHATSAPP_CART)

    product = models.ForeignKey(
        "marketplace.ProductPage",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_clicks",
    )
    seller = models.ForeignKey(
        "marketplace.SellerPage",
        verbose_name=_("seller"),
        on_delete=models.CASCADE,
        related_name="contact_clicks",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    created_at = models.DateTimeField(_("time"), db_index=True)
    language = models.CharField(_("page language"), max_length=10, blank=True)
    referrer_path = models.CharField(_("referrer path"), max_length=300, blank=True)
    cart_snapshot = models.JSONField(_("cart snapshot"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["seller", "created_at"])]
        verbose_name = _("contact click")
        verbose_name_plural = _("contact clicks")

    def __str__(self):
        return f"{self.get_channel_display()} {self.seller_id} {self.created_at:%Y-%m-%d}"


class Enquiry(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")

    product = models.ForeignKey(
        "marketplace.ProductPage",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiries",
    )
    seller = models.ForeignKey(
        "marketplace.SellerPage",
        verbose_name=_("seller"),
        on_delete=models.CASCADE,
        related_name="enquiries",
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    message = models.TextField(_("message"), max_length=2000)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")

    def __str__(self):
        return f"{self.name} – {self.product or self.seller}"
