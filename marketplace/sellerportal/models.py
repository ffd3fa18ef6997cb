"""Seller onboarding. Contract used by the impact dashboard; extend, don't rename."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from pasarlokal.core.phone import normalise_whatsapp, validate_whatsapp

from ..taxonomy import IN_DEFAULT_LOCALE


class SellerApplication(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    business_name = models.CharField(_("business name"), max_length=160)
    owner_name = models.CharField(_("owner name"), max_length=120)
    nib = models.CharField(_("NIB"), max_length=13)
    region = models.ForeignKey(
        "marketplace.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=IN_DEFAULT_LOCALE,
    )
    sector = models.ForeignKey(
        "marketplace.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=IN_DEFAULT_LOCALE,
    )
    category = models.ForeignKey(
        "marketplace.Category",
        limit_choices_to=IN_DEFAULT_LOCALE,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    whatsapp = models.CharField(_("WhatsApp number"), max_length=20, validators=[validate_whatsapp])
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
    # Extensions of the contract (seller portal only).
    language = models.CharField(_("language"), max_length=10, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("seller account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("seller application")
        verbose_name_plural = _("seller applications")
        permissions = [
            ("review_sellerapplication", _("Can approve or reject seller applications")),
            ("use_seller_portal", _("Can use the seller screens (stock and price)")),
        ]

    def __str__(self):
        return self.business_name

    def save(self, *args, **kwargs):
        # Stored as 62… however it was typed (public form or the editors' edit form).
        if self.whatsapp:
            try:
                self.whatsapp = normalise_whatsapp(self.whatsapp)
            except ValidationError:
                pass  # forms validate first; a bad legacy value is kept rather than lost
        super().save(*args, **kwargs)

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING


def document_upload_to(instance, filename):
    # Random names: the applicant's file name never reaches the file system or a URL.
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        instance.content_type, "bin"
    )
    return f"seller-applications/{uuid.uuid4().hex}.{extension}"


class ApplicationDocument(models.Model):
    """A supporting document (NIB certificate, photo of the workshop…) sent with an application.

    Stored outside Wagtail's document library: it is private to editors and served only through
    the admin's application detail view.
    """

    application = models.ForeignKey(
        SellerApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    file = models.FileField(_("file"), upload_to=document_upload_to)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")

    def __str__(self):
        return self.original_name


class SellerSpace(models.Model):
    """The admin set-up of one seller: its own permission group and image/document collection."""

    seller = models.OneToOneField(
        "marketplace.SellerPage",
        verbose_name=_("seller"),
        on_delete=models.CASCADE,
        related_name="space",
    )
    group = models.OneToOneField(
        "auth.Group", verbose_name=_("group"), on_delete=models.PROTECT, related_name="seller_space"
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("collection"),
        on_delete=models.PROTECT,
        related_name="seller_space",
    )

    class Meta:
        verbose_name = _("seller space")
        verbose_name_plural = _("seller spaces")

    def __str__(self):
        return str(self.seller)
