import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from pasarlokal.core import pagecache, renditions
from pasarlokal.demo import (
    campaign,
    contact,
    english,
    home,
    impact,
    marketplace,
    orders,
    programme,
    sellerportal,
    visits,
)

# Each part of the site seeds its own demo content, in this order (later parts use earlier ones).
SEEDERS = [
    home,
    marketplace,
    campaign,
    contact,
    orders,
    sellerportal,
    impact,
    programme,
    visits,
    english,  # English versions of pages the parts above made
]


def analyze(vacuum=False):
    """Update the query planner's statistics after bulk inserts (PostgreSQL and SQLite).

    `vacuum`: on PostgreSQL also mark the new rows visible (VACUUM), as autovacuum would later,
    so the index-only scans the catalogue counts with (marketplace migration 0009) read no table
    rows. Not inside a transaction (a test's), where PostgreSQL refuses VACUUM."""
    with connection.cursor() as cursor:
        if vacuum and connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


class SeedContext:
    def __init__(self, command, options):
        self.command = command
        self.options = options
        self.stdout = command.stdout
        self.style = command.style
        self.credentials = []  # (role, username, password) printed at the end
        self.home = None
        self.site = None

    def log(self, message):
        if self.options.get("verbosity", 1) >= 1:
            self.stdout.write(message)


class Command(BaseCommand):
    help = (
        "Build the demo site: pages, sellers, products, stories, events, users. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--products",
            type=int,
            default=0,
            help="Also add this many synthetic products (spread over sellers, sectors, regions).",
        )
        parser.add_argument(
            "--skip-index", action="store_true", help="Do not rebuild the search index afterwards."
        )

    def handle(self, *args, **options):
        # Demo workflows (approvals, orders) send e-mail; demo addresses must never receive it.
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        started = time.monotonic()
        ctx = SeedContext(self, options)
        with pagecache.one_bump(), renditions.paused():
            for module in SEEDERS:
                with transaction.atomic():
                    module.seed(ctx)
        # Fresh statistics, or the database plans queries over thousands of new rows as if the
        # tables were empty until autovacuum gets round to them (seconds per catalogue request).
        analyze()
        if not options["skip_index"]:
            call_command("update_index", verbosity=0)
        call_command("rebuild_references_index", verbosity=0)
        analyze(vacuum=True)
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready in {time.monotonic() - started:.1f}s.")
        )
        for role, username, password in ctx.credentials:
            self.stdout.write(f"  {role}: username {username!r}, password {password!r}")
