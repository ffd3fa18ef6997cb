"""E-mail leaves through a task: an SMTP failure never turns a saved action into a 500, and the
message is retried with back-off until it goes."""

import datetime
import logging

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from marketplace.sellerportal.models import SellerApplication
from tests.core import failing_mail

from .factories import SellerApplicationFactory

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def approve(client, editor, application):
    client.force_login(editor)
    return client.post(reverse("seller_applications:approve", args=[application.pk]))


def test_smtp_down_during_approval_is_no_500_and_the_approval_stands(
    client,
    seller_index,
    editor,
    settings,
    caplog,
):
    settings.EMAIL_BACKEND = "tests.core.failing_mail.DownBackend"
    application = SellerApplicationFactory(email="madu@contoh.id")
    with caplog.at_level(logging.WARNING, logger="pasarlokal.core.mail"):
        response = approve(client, editor, application)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == SellerApplication.Status.APPROVED
    assert application.seller is not None
    # Tried, retried (at once, with the development backend), then given up and logged.
    messages = [r.getMessage() for r in caplog.records]
    assert sum("retrying" in m for m in messages) == len(settings.EMAIL_RETRY_DELAYS)
    assert any("giving up" in m for m in messages)


def test_a_flaky_server_gets_the_welcome_mail_through_on_retry(
    client,
    seller_index,
    editor,
    settings,
):
    settings.EMAIL_BACKEND = "tests.core.failing_mail.FlakyBackend"
    failing_mail.FAILURES["left"] = 2
    application = SellerApplicationFactory(email="madu@contoh.id")
    assert approve(client, editor, application).status_code == 302
    assert [m.to for m in mail.outbox] == [["madu@contoh.id"]]


# Committed rows: the worker closes its database connection after each task, as in production.
@pytest.mark.django_db(transaction=True)
def test_database_queue_retries_with_back_off(
    client,
    seller_index,
    editor,
    settings,
):
    """Production's queue: the request only stores the task; the worker sends it, and a failure
    waits EMAIL_RETRY_DELAYS[0] seconds before the next try."""
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_BACKEND = "tests.core.failing_mail.DownBackend"
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        application = SellerApplicationFactory(email="madu@contoh.id")
        assert approve(client, editor, application).status_code == 302
        assert mail.outbox == []
        queued = DBTaskResult.objects.get(task_path="pasarlokal.core.mail.send_email")
        assert queued.args_kwargs["args"][0]["to"] == ["madu@contoh.id"]

        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        retry = DBTaskResult.objects.filter(task_path=queued.task_path).exclude(pk=queued.pk).get()
        assert retry.run_after == start + datetime.timedelta(seconds=settings.EMAIL_RETRY_DELAYS[0])
        assert retry.args_kwargs["args"][1] == 1
        assert mail.outbox == []

        # The server is back, but the retry waits for its time.
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        assert mail.outbox == []
        clock.shift(datetime.timedelta(seconds=settings.EMAIL_RETRY_DELAYS[0] + 1))
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        assert [m.to for m in mail.outbox] == [["madu@contoh.id"]]
