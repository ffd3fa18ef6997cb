"""Count every listed product into the catalogue's facet tally afresh.

The tally is kept on every write through the site and the admin; run this after loading
products with SQL or a bulk script that bypasses them: `python manage.py rebuild_facet_tally`.
"""

from django.core.management.base import BaseCommand

from marketplace import tally


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def handle(self, *args, **options):
        counted = tally.rebuild()
        if options["verbosity"]:
            self.stdout.write(f"{counted} listed products counted.")
