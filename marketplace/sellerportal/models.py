"""Seller onboarding. Contract used by the impact dashboard; extend, don't rename."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SellerApplication(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    business_name = models.CharField(_("business name"), max_length=160)
    owner_name = models.CharField(_("owner name"), max_length=120)
    nib = models.CharField(_("NIB"), max_length=13)
    region = models.ForeignKey(
        "marketplace.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.ForeignKey(
        "marketplace.Sector", verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        "marketplace.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    whatsapp = models.CharField(_("WhatsApp number"), max_length=20)
    email = models.EmailField(_("e-mail"))
    description = models.TextField(_("short description"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seller = models.ForeignKey(
        "marketplace.SellerPage",
        verbose_name=_("seller page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("seller application")
        verbose_name_plural = _("seller applications")

    def __str__(self):
        return self.business_name
