"""Outgoing e-mail as a task: a slow or failing mail server never delays or breaks a request.

``queue_email`` hands a rendered message to the task backend (``TASKS``): the immediate backend
in development and tests runs it at once; in production the database backend (django-tasks-db)
stores it and the ``db_worker`` process sends it. A failed send is retried with back-off
(``EMAIL_RETRY_DELAYS``: 1, 5, 30 minutes, 2 hours), then logged as an error and dropped.
"""

import logging
from datetime import timedelta

from django_tasks import default_task_backend, task

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

logger = logging.getLogger(__name__)

DEFAULT_RETRY_DELAYS = (60, 300, 1800, 7200)  # seconds


def retry_delays():
    return tuple(getattr(settings, "EMAIL_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


def build_message(message):
    email = EmailMultiAlternatives(
        subject=" ".join(str(message["subject"]).split()),
        body=message["body"],
        from_email=message.get("from_email") or settings.DEFAULT_FROM_EMAIL,
        to=message["to"],
        reply_to=message.get("reply_to") or None,
    )
    if message.get("html"):
        email.attach_alternative(message["html"], "text/html")
    return email


@task()
def send_email(message, attempt=0):
    """Send one message (a dict of strings, as queue_email builds it); retry it later on failure."""
    try:
        build_message(message).send()
    except Exception as error:
        delays = retry_delays()
        if attempt >= len(delays):
            logger.error(
                "e-mail %r to %s failed %s times; giving up: %s",
                message["subject"],
                message["to"],
                attempt + 1,
                error,
            )
            return "failed"
        logger.warning(
            "e-mail %r to %s failed (attempt %s), retrying in %ss: %s",
            message["subject"],
            message["to"],
            attempt + 1,
            delays[attempt],
            error,
        )
        _enqueue(message, attempt + 1, delay=delays[attempt])
        return "retrying"
    return "sent"


def _enqueue(message, attempt=0, delay=0):
    if delay and default_task_backend.supports_defer:
        run_after = timezone.now() + timedelta(seconds=delay)
        return send_email.using(run_after=run_after).enqueue(message, attempt)
    # The immediate backend cannot wait: it retries at once (development and tests only).
    return send_email.enqueue(message, attempt)


def queue_email(subject, body, to, from_email=None, reply_to=None, html=None):
    """Queue one e-mail; returns at once. Nothing to send when `to` is empty."""
    to = [str(address) for address in to if address]
    if not to:
        return None
    return _enqueue(
        {
            "subject": str(subject),
            "body": body,
            "to": to,
            "from_email": from_email or "",
            "reply_to": [str(a) for a in reply_to] if reply_to else [],
            "html": html or "",
        }
    )
