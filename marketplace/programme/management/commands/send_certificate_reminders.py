from django.core.management.base import BaseCommand

from marketplace.programme.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Queue certificate expiry reminders (60, 30, 7 days before). Safe to run repeatedly."

    def handle(self, *args, **options):
        queued = send_due_reminders()
        if options["verbosity"] >= 1:
            self.stdout.write(f"{queued} reminder(s) queued.")
