"""Certificate expiry reminders: 60, 30 and 7 days before, each sent once however often the job
runs; the seller's admin home lists what expires, with one tap to ask for renewal help."""

import datetime

import pytest
import time_machine

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from marketplace.programme.models import CertificateReminder, FacilitationRequest, Stage
from tests.factories import CertificateFactory, ProductPageFactory

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def certificates(shop, pirt):
    product = shop["product"]
    other = ProductPageFactory(parent=shop["seller"], title="Kopi Sembalun")
    return {
        "d59": CertificateFactory(
            product=product,
            certification_type=pirt,
            number="2055205010001-01",
            valid_until=days(59),
        ),
        "d30": CertificateFactory(
            product=other, certification_type=pirt, number="2055205010002-02", valid_until=days(30)
        ),
        "d3": CertificateFactory(
            product=other, certification_type=pirt, number="2055205010003-03", valid_until=days(3)
        ),
        "d90": CertificateFactory(
            product=product,
            certification_type=pirt,
            number="2055205010004-04",
            valid_until=days(90),
        ),
        "expired": CertificateFactory(
            product=product,
            certification_type=pirt,
            number="2055205010005-05",
            valid_until=days(-1),
        ),
    }


def test_reminder_job_twice_sends_each_reminder_once(certificates):
    call_command("send_certificate_reminders", verbosity=0)
    call_command("send_certificate_reminders", verbosity=0)
    assert len(mail.outbox) == 3
    sent = set(CertificateReminder.objects.values_list("certificate_id", "days_before"))
    assert sent == {
        (certificates["d59"].pk, 60),
        (certificates["d30"].pk, 30),
        (certificates["d3"].pk, 7),
    }
    assert all(r.sent_at for r in CertificateReminder.objects.all())
    bodies = "\n".join(m.body for m in mail.outbox)
    assert "2055205010003-03" in bodies and "2055205010004-04" not in bodies
    assert all("toko-alfa@example.com" in m.to for m in mail.outbox)


def test_next_threshold_is_reminded_when_reached(certificates):
    call_command("send_certificate_reminders", verbosity=0)
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30), tick=False):
        call_command("send_certificate_reminders", verbosity=0)
        call_command("send_certificate_reminders", verbosity=0)
    # d59 is now 29 days away (its 30-day reminder), d90 60 days (its 60-day reminder), d30
    # expires today (its 7-day reminder); d3 has expired and gets nothing more.
    assert len(mail.outbox) == 3
    assert CertificateReminder.objects.filter(certificate=certificates["d59"]).count() == 2


def test_the_task_itself_is_idempotent(certificates):
    from marketplace.programme.tasks import send_certificate_reminder

    call_command("send_certificate_reminders", verbosity=0)
    reminder = CertificateReminder.objects.first()
    assert send_certificate_reminder.call(reminder.pk) == 0
    assert len(mail.outbox) == 3


def test_seller_home_panel_and_one_tap_renewal(client, shop, certificates, seller_b):
    client.force_login(shop["user"])
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "2055205010004-04" not in body  # 90 days away: not yet
    assert "Minta bantuan perpanjangan" in body
    renew = reverse("facilitation:renew", args=[certificates["d3"].pk])
    assert renew in body
    response = client.post(renew)
    request = FacilitationRequest.objects.get()
    assert response.status_code == 302
    assert request.renews == certificates["d3"] and request.stage == Stage.RECEIVED
    assert list(request.products.all()) == [certificates["d3"].product]
    client.post(renew)  # a second tap reuses the open request
    assert FacilitationRequest.objects.count() == 1
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Bantuan perpanjangan sudah diminta." in body
    # Another seller's certificate cannot be renewed by A.
    other = CertificateFactory(product=seller_b["product"], valid_until=days(10))
    client.post(reverse("facilitation:renew", args=[other.pk]))
    assert FacilitationRequest.objects.count() == 1
