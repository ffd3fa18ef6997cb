"""E-mails of the programme, as django-tasks tasks (immediate, or a worker in production).

Each task first claims its row with a conditional UPDATE (`… WHERE emailed_at IS NULL`), so a task
that runs twice (a retried job, the reminder command run twice) sends its e-mail once.
"""

from django_tasks import task

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import CertificateReminder, StageChange


def admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def seller_recipients(seller, user=None):
    emails = {e for e in [getattr(user, "email", ""), seller.email] if e}
    emails |= set(seller.members.values_list("user__email", flat=True).exclude(user__email=""))
    return sorted(emails)


@task()
def send_stage_email(change_id):
    claimed = StageChange.objects.filter(pk=change_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return 0
    change = StageChange.objects.select_related(
        "request__seller", "request__certification_type", "request__created_by"
    ).get(pk=change_id)
    request = change.request
    recipients = seller_recipients(request.seller, request.created_by)
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "request": request,
            "change": change,
            "link": admin_url(reverse("facilitation:inspect", args=[request.pk])),
        }
        subject = _("Your facilitation request #%(id)s: %(stage)s") % {
            "id": request.pk,
            "stage": change.get_to_stage_display(),
        }
        body = render_to_string("marketplace/programme/email/stage_changed.txt", context)
        send_mail(subject, body, None, recipients)
    return 1


@task()
def send_certificate_reminder(reminder_id):
    claimed = CertificateReminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    if not claimed:
        return 0
    reminder = CertificateReminder.objects.select_related(
        "certificate__product__seller", "certificate__certification_type"
    ).get(pk=reminder_id)
    certificate = reminder.certificate
    seller = certificate.product.seller
    recipients = seller_recipients(seller)
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "certificate": certificate,
            "seller": seller,
            "days": (certificate.valid_until - timezone.localdate()).days,
            "link": admin_url(reverse("wagtailadmin_home")),
        }
        subject = _("%(type)s certificate of %(product)s expires on %(date)s") % {
            "type": certificate.certification_type,
            "product": certificate.product.title,
            "date": certificate.valid_until.strftime("%d-%m-%Y"),
        }
        body = render_to_string("marketplace/programme/email/certificate_reminder.txt", context)
        send_mail(subject, body, None, recipients)
    return 1
