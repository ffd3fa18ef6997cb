"""The office's IKM programme: licence and certificate facilitation, and product-standard tests.

A facilitation request moves forward through its stages (received → documents complete →
submitted to the issuing agency → issued / refused / withdrawn); every move is a `StageChange`
row (who, when, note), and only staff may reopen. What the office achieves writes itself onto the
catalogue: an issued certificate becomes a verified `Certificate`, a passed food-contact test adds
the food-safe certificate to the product (see `workflow.py`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..taxonomy import IN_DEFAULT_LOCALE


def person_name(user):
    """How a person shows in a request's history and messages ("—" for the system/demo)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


class Stage(models.TextChoices):
    RECEIVED = "received", _("Received")
    DOCUMENTS_COMPLETE = "documents_complete", _("Documents complete")
    SUBMITTED = "submitted", _("Submitted to the agency")
    ISSUED = "issued", _("Issued")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


STAGE_ORDER = {
    Stage.RECEIVED: 0,
    Stage.DOCUMENTS_COMPLETE: 1,
    Stage.SUBMITTED: 2,
    Stage.ISSUED: 3,
    Stage.REFUSED: 3,
    Stage.WITHDRAWN: 3,
}
FINAL_STAGES = {Stage.ISSUED, Stage.REFUSED, Stage.WITHDRAWN}
OPEN_STAGES = [Stage.RECEIVED, Stage.DOCUMENTS_COMPLETE, Stage.SUBMITTED]


SHORT_LICENCE_LABELS = {"nib": "NIB", "hki": _("Trademark")}


class Licence(models.TextChoices):
    """What is asked for: a catalogue certification type, or one of the business licences."""

    CERTIFICATE = "certificate", _("Certificate")
    NIB = "nib", _("NIB (business identification number)")
    HKI = "hki", _("Trademark (HKI)")


def private_upload_path(folder, instance):
    # Random names: the seller's file name never reaches the file system or a URL.
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        getattr(instance, "content_type", ""), "bin"
    )
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def request_document_upload_to(instance, filename):
    return private_upload_path("programme-requests", instance)


def test_report_upload_to(instance, filename):
    return private_upload_path("programme-tests", instance)


class FacilitationRequest(models.Model):
    seller = models.ForeignKey(
        "marketplace.SellerPage",
        verbose_name=_("seller"),
        on_delete=models.CASCADE,
        related_name="facilitation_requests",
    )
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.CERTIFICATE
    )
    certification_type = models.ForeignKey(
        "marketplace.CertificationType",
        limit_choices_to=IN_DEFAULT_LOCALE,
        verbose_name=_("certificate type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    products = models.ManyToManyField(
        "marketplace.ProductPage", verbose_name=_("products"), blank=True, related_name="+"
    )
    renews = models.ForeignKey(
        "marketplace.Certificate",
        verbose_name=_("renews certificate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewal_requests",
    )
    description = models.TextField(_("what you need"), blank=True, max_length=2000)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.RECEIVED, db_index=True
    )
    stage_changed_at = models.DateTimeField(_("in this stage since"), default=timezone.now)
    needs_from_seller = models.TextField(_("what the office needs from you next"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    number = models.CharField(_("licence or certificate number"), max_length=80, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    issued_certificates = models.ManyToManyField(
        "marketplace.Certificate",
        verbose_name=_("certificates issued"),
        blank=True,
        related_name="facilitations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("facilitation request")
        verbose_name_plural = _("facilitation requests")
        permissions = [("reopen_facilitationrequest", _("Can reopen a facilitation request"))]

    def __str__(self):
        return f"#{self.pk} {self.type_label} – {self.seller.title}"

    def _title_label(self):
        """The board's first column: number and what is asked for (the seller has its own)."""
        return f"#{self.pk} · {self.type_label}"

    _title_label.short_description = _("Request")
    title_label = property(_title_label)

    @property
    def type_label(self):
        if self.licence == Licence.CERTIFICATE and self.certification_type_id:
            return self.certification_type.short_label or self.certification_type.name
        return str(SHORT_LICENCE_LABELS.get(self.licence, self.get_licence_display()))

    @property
    def is_final(self):
        return self.stage in FINAL_STAGES

    @property
    def assignee_name(self):
        return person_name(self.assignee) if self.assignee_id else ""

    @property
    def days_in_stage(self):
        return (timezone.now() - self.stage_changed_at).days

    @property
    def is_overdue(self):
        return bool(self.due_date and not self.is_final and self.due_date < timezone.localdate())

    @property
    def sector_name(self):
        return getattr(self.seller.sector, "name", "")

    @property
    def region_name(self):
        return getattr(self.seller.region, "name", "")


class StageChange(models.Model):
    """One move of a request (the audit trail); `emailed_at` makes its e-mail go out once."""

    request = models.ForeignKey(
        FacilitationRequest, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    reopened = models.BooleanField(_("reopened"), default=False)
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self):
        return f"{self.from_stage} → {self.to_stage}"

    @property
    def by_name(self):
        return person_name(self.changed_by)


class RequestMessage(models.Model):
    request = models.ForeignKey(
        FacilitationRequest, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_office = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]

    @property
    def author_name(self):
        return person_name(self.author)


class RequestDocument(models.Model):
    """A scan or photo sent with a request. Private: served only through the scoped admin view."""

    request = models.ForeignKey(
        FacilitationRequest, on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(_("file"), upload_to=request_document_upload_to)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.original_name


class TestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SAMPLE_RECEIVED = "sample_received", _("Sample received")
    TESTING = "testing", _("At the laboratory")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class Standard(models.TextChoices):
    FOOD_CONTACT = "food_contact", _("Safe for food and drink (lead/cadmium migration)")
    WATER_ABSORPTION = "water_absorption", _("Water absorption (ceramics)")
    DURABILITY = "durability", _("Strength and durability")
    OTHER = "other", _("Other (describe in the note)")


class ProductTest(models.Model):
    seller = models.ForeignKey(
        "marketplace.SellerPage",
        verbose_name=_("seller"),
        on_delete=models.CASCADE,
        related_name="product_tests",
    )
    product = models.ForeignKey(
        "marketplace.ProductPage",
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="standard_tests",
    )
    standard = models.CharField(
        _("standard or test"),
        max_length=30,
        choices=Standard.choices,
        default=Standard.FOOD_CONTACT,
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    sample_handover_date = models.DateField(_("sample hand-over date"), null=True, blank=True)
    sample_handover_place = models.CharField(
        _("sample hand-over place"), max_length=200, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TestStatus.choices,
        default=TestStatus.REQUESTED,
        db_index=True,
    )
    lab = models.CharField(_("laboratory"), max_length=200, blank=True)
    tested_on = models.DateField(_("tested on"), null=True, blank=True)
    result_values = models.TextField(
        _("measured values"),
        blank=True,
        help_text=_("e.g. Pb 0.12 mg/L (limit 0.5), Cd 0.01 mg/L (limit 0.05)"),
    )
    report = models.FileField(_("lab report"), upload_to=test_report_upload_to, blank=True)
    content_type = models.CharField(max_length=40, blank=True)
    certificate = models.ForeignKey(
        "marketplace.Certificate",
        verbose_name=_("certificate added"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("product test")
        verbose_name_plural = _("product tests")

    def __str__(self):
        return f"#{self.pk} {self.get_standard_display()} – {self.product.title}"

    @property
    def has_result(self):
        return self.status in (TestStatus.PASSED, TestStatus.FAILED)


class CertificateReminder(models.Model):
    """A reminder sent for a certificate at one threshold (60, 30 or 7 days before expiry)."""

    certificate = models.ForeignKey(
        "marketplace.Certificate", on_delete=models.CASCADE, related_name="reminders"
    )
    days_before = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "days_before"], name="one_reminder_per_threshold"
            )
        ]

    def __str__(self):
        return f"{self.certificate_id} – {self.days_before}"
