"""The public address of the site (SITE_URL) written onto the default Wagtail Site.

Canonical links, og:url, the sitemap and .ics files are built from the Site's hostname and port,
so a Site left at the seeded ``localhost:80`` would point every one of them at ``localhost``.
"""

from urllib.parse import urlsplit

from django.conf import settings

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1", "0.0.0.0", ""}


def configured_host():
    """(hostname, port) from SITE_URL, or None when it is not set."""
    url = getattr(settings, "SITE_URL", "")
    if not url:
        return None
    parts = urlsplit(url if "//" in url else f"https://{url}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname or "", port


def apply_site_url(site):
    """Give `site` the configured hostname and port; returns True when it changed."""
    host = configured_host()
    if host is None or (site.hostname, site.port) == host:
        return False
    site.hostname, site.port = host
    site.save(update_fields=["hostname", "port"])
    return True
