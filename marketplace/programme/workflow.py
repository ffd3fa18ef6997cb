"""What happens to a request or a test: stage moves, reopening, and the outcomes they write.

Every function here is the one place for its rule; views and the demo call them.
- forward only: a request moves to a later stage, never back, and not at all once final;
- reopening is a separate, staff-only step with a reason; reopening an issued request takes the
  verification off the certificates it created (they are no longer vouched for);
- issued: a verified `Certificate` per product (who and when = the facilitator and the move);
- refused: needs a reason, which the seller sees;
- every move is a `StageChange` and queues one e-mail to the seller (sent once, see tasks.py).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.products import Certificate, ProductPage
from marketplace.taxonomy import CertificationType

from .models import (
    FINAL_STAGES,
    STAGE_ORDER,
    FacilitationRequest,
    Licence,
    ProductTest,
    RequestMessage,
    Stage,
    StageChange,
    Standard,
    TestStatus,
)
from .setup import is_programme_staff
from .tasks import send_stage_email

FOOD_SAFE_SLUG = "food-safe"  # the type the demo taxonomy and editors use
FOOD_SAFE_VALID_YEARS = 2


def next_stages(request, user):
    """Stages this user may move the request to now (sellers may only withdraw)."""
    if request.stage in FINAL_STAGES:
        return []
    if not is_programme_staff(user):
        return [Stage.WITHDRAWN]
    current = STAGE_ORDER[request.stage]
    return [stage for stage in Stage if STAGE_ORDER[stage] > current]


def reopen_stages(request):
    current = STAGE_ORDER[request.stage]
    return [stage for stage in Stage if STAGE_ORDER[stage] < current]


def can_reopen(user):
    return bool(
        user.is_active
        and (user.is_superuser or user.has_perm("programme.reopen_facilitationrequest"))
    )


def _record(request, to_stage, user, note="", reopened=False):
    change = StageChange.objects.create(
        request=request,
        from_stage=request.stage,
        to_stage=to_stage,
        reopened=reopened,
        note=note,
        changed_by=user,
    )
    request.stage = to_stage
    request.stage_changed_at = change.changed_at
    transaction.on_commit(lambda: send_stage_email.enqueue(change.pk))
    return change


def _products_for(request):
    products = list(request.products.all())
    if not products:
        # A business-wide certificate request covers every product of the seller.
        products = list(ProductPage.objects.filter(seller=request.seller))
    return products


def _issue_certificates(request, user):
    if request.licence != Licence.CERTIFICATE or not request.certification_type_id:
        return []
    products = _products_for(request)
    if not products:
        raise ValidationError(_("This seller has no product to attach the certificate to."))
    now = timezone.now()
    certificates = []
    for product in products:
        certificate = Certificate(
            product=product,
            certification_type=request.certification_type,
            number=request.number,
            valid_until=request.valid_until,
            verified=True,
            verified_by=user,
            verified_at=now,
        )
        certificate.full_clean(exclude=["document"])
        certificate.save()
        certificates.append(certificate)
    request.issued_certificates.add(*certificates)
    return certificates


@transaction.atomic
def move_request(request, to_stage, user, note="", number="", issued_on=None, valid_until=None):
    """Move `request` forward to `to_stage`. Raises ValidationError/PermissionDenied."""
    request = FacilitationRequest.objects.select_for_update().get(pk=request.pk)
    if to_stage not in next_stages(request, user):
        if to_stage in Stage.values and request.stage not in FINAL_STAGES:
            raise PermissionDenied
        raise ValidationError(
            _("A request moves forward only; “%(stage)s” is not a next stage.")
            % {"stage": dict(Stage.choices).get(to_stage, to_stage)}
        )
    note = (note or "").strip()
    fields = ["stage", "stage_changed_at"]
    if to_stage == Stage.REFUSED:
        if not note:
            raise ValidationError(_("Please give the seller the reason for the refusal."))
        request.refusal_reason = note
        fields.append("refusal_reason")
    if to_stage == Stage.ISSUED:
        number = (number or "").strip()
        if not number:
            raise ValidationError(_("Enter the number of the issued licence or certificate."))
        is_certificate = request.licence == Licence.CERTIFICATE
        if is_certificate and not valid_until:
            raise ValidationError(_("Enter the date the certificate is valid until."))
        request.number = number
        request.issued_on = issued_on or timezone.localdate()
        request.valid_until = valid_until
        fields += ["number", "issued_on", "valid_until"]
    _record(request, to_stage, user, note)
    request.save(update_fields=fields)
    if to_stage == Stage.ISSUED:
        try:
            _issue_certificates(request, user)
        except ValidationError as error:
            # Certificate.clean names the field; the stage form shows it as one message.
            raise ValidationError(error.messages) from error
    return request


@transaction.atomic
def reopen_request(request, to_stage, user, reason):
    request = FacilitationRequest.objects.select_for_update().get(pk=request.pk)
    if not can_reopen(user):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please say why the request is reopened."))
    if to_stage not in reopen_stages(request):
        raise ValidationError(_("A request can only be reopened to an earlier stage."))
    if request.stage == Stage.ISSUED:
        for certificate in request.issued_certificates.all():
            certificate.clear_verification()
            certificate.save(update_fields=["verified", "verified_by", "verified_at"])
    _record(request, to_stage, user, reason, reopened=True)
    request.save(update_fields=["stage", "stage_changed_at"])
    return request


@transaction.atomic
def create_request(seller, user, *, licence, certification_type=None, products=(), **fields):
    request = FacilitationRequest.objects.create(
        seller=seller,
        licence=licence,
        certification_type=certification_type if licence == Licence.CERTIFICATE else None,
        created_by=user,
        **fields,
    )
    if products:
        request.products.set(products)
    StageChange.objects.create(
        request=request, from_stage="", to_stage=Stage.RECEIVED, changed_by=user
    )
    return request


def request_renewal(certificate, user):
    """The seller's one tap: an open renewal request for this certificate (reused if one exists)."""
    existing = (
        FacilitationRequest.objects.filter(renews=certificate)
        .exclude(stage__in=FINAL_STAGES)
        .first()
    )
    if existing:
        return existing, False
    request = create_request(
        certificate.product.seller,
        user,
        licence=Licence.CERTIFICATE,
        certification_type=certificate.certification_type,
        products=[certificate.product],
        renews=certificate,
        description=_("Renewal of %(certificate)s, valid until %(date)s.")
        % {"certificate": certificate, "date": certificate.valid_until.strftime("%d-%m-%Y")},
    )
    return request, True


def add_message(request, user, body):
    return RequestMessage.objects.create(
        request=request, author=user, body=body, from_office=is_programme_staff(user)
    )


def food_safe_type():
    certification_type, _created = CertificationType.objects.in_default_locale().get_or_create(
        slug=FOOD_SAFE_SLUG,
        defaults={
            "name": "Uji Keamanan Wadah Pangan (food grade)",
            "short_label": "Aman Pangan",
            "issuing_body": "Laboratorium uji terakreditasi KAN",
            "number_pattern": r"LHU-\d{4}-\d{3,6}",
            "number_example": "LHU-2025-00123",
            "sort_order": 90,
        },
    )
    return certification_type


@transaction.atomic
def record_test_result(test, user):
    """Called when staff save a test: stamp who/when, and write the outcome of a pass."""
    test = ProductTest.objects.select_for_update().get(pk=test.pk)
    if test.has_result and not test.result_recorded_at:
        test.result_recorded_by = user
        test.result_recorded_at = timezone.now()
    if (
        test.status == TestStatus.PASSED
        and test.standard == Standard.FOOD_CONTACT
        and test.certificate_id is None
    ):
        tested_on = test.tested_on or timezone.localdate()
        test.certificate = Certificate.objects.create(
            product=test.product,
            certification_type=food_safe_type(),
            number=f"LHU-{tested_on:%Y}-{test.pk:05d}",
            valid_until=tested_on + datetime.timedelta(days=365 * FOOD_SAFE_VALID_YEARS),
            verified=True,
            verified_by=user,
            verified_at=timezone.now(),
        )
    elif test.status != TestStatus.PASSED and test.certificate_id:
        # A corrected result takes the food-safe mark off again.
        Certificate.objects.filter(pk=test.certificate_id).delete()
        test.certificate = None
    test.save()
    return test
