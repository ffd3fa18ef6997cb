"""Certificate expiry reminders: 60, 30 and 7 days before a certificate expires.

A certificate gets the reminder of the nearest threshold it has reached and not had yet; the
`CertificateReminder` row (unique per certificate and threshold) is what makes a second run of
the job send nothing.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.products import Certificate

from .models import CertificateReminder
from .tasks import send_certificate_reminder

THRESHOLDS = (7, 30, 60)
WINDOW = max(THRESHOLDS)


def threshold_for(days_left):
    for threshold in THRESHOLDS:
        if days_left <= threshold:
            return threshold
    return None


def expiring_certificates(today=None, within=WINDOW):
    today = today or timezone.localdate()
    return Certificate.objects.filter(
        valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=within)
    )


def send_due_reminders(today=None):
    """Create and queue the reminders due today. Returns how many were queued."""
    today = today or timezone.localdate()
    queued = 0
    certificates = expiring_certificates(today).values_list("pk", "valid_until")
    done = set(
        CertificateReminder.objects.filter(
            certificate__in=expiring_certificates(today)
        ).values_list("certificate_id", "days_before")
    )
    for certificate_id, valid_until in certificates:
        threshold = threshold_for((valid_until - today).days)
        if threshold is None or (certificate_id, threshold) in done:
            continue
        try:
            with transaction.atomic():
                reminder = CertificateReminder.objects.create(
                    certificate_id=certificate_id, days_before=threshold
                )
        except IntegrityError:
            continue  # another run got there first
        send_certificate_reminder.enqueue(reminder.pk)
        queued += 1
    return queued
