from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site

from home.siteurl import apply_site_url, configured_host


class Command(BaseCommand):
    help = "Write SITE_URL's hostname and port onto the default Wagtail site (run at deploy)."

    def handle(self, *args, **options):
        if configured_host() is None:
            raise CommandError("SITE_URL is not set (e.g. SITE_URL=https://pasarlokal.example).")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site yet: run migrate and seed_demo first.")
        changed = apply_site_url(site)
        self.stdout.write(
            f"Default site is {site.hostname}:{site.port}" + (" (updated)" if changed else "")
        )
