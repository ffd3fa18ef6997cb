"""Deployment checks (`manage.py check --deploy`) for what a production site needs."""

from django.conf import settings
from django.core.checks import Warning, register
from django.db import DatabaseError

from .siteurl import LOCAL_HOSTS


@register(deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                "The cache is per process: each gunicorn worker keeps its own copy, so rate "
                "limits, the pledge counter and navigation differ between workers.",
                hint="Set REDIS_URL (e.g. redis://host:6379/0).",
                id="pasarlokal.W001",
            )
        ]
    return []


@register(deploy=True)
def check_default_site_host(app_configs, **kwargs):
    from wagtail.models import Site

    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # not migrated yet: nothing to check
        return []
    if site is not None and site.hostname in LOCAL_HOSTS:
        return [
            Warning(
                f"The default Wagtail site is {site.hostname}:{site.port}: canonical links, the "
                "sitemap and calendar files will point there.",
                hint="Set SITE_URL (e.g. https://pasarlokal.example) and run "
                "`manage.py set_site_url`, or edit the site under Settings → Sites.",
                id="pasarlokal.W002",
            )
        ]
    return []
