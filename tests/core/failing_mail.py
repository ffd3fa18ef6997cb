"""E-mail backends for tests: one whose server is down, one that fails only its first sends."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

FAILURES = {"left": 0}


class DownBackend(LocmemBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")


class FlakyBackend(LocmemBackend):
    """Fails while FAILURES["left"] > 0, then delivers to django.core.mail.outbox."""

    def send_messages(self, messages):
        if FAILURES["left"] > 0:
            FAILURES["left"] -= 1
            raise smtplib.SMTPConnectError(421, "try again later")
        return super().send_messages(messages)
