"""Production needs a shared cache and a real host on the default Wagtail site."""

import pytest

from django.core.management import call_command
from django.test import override_settings

from wagtail.models import Site

from home.checks import check_default_site_host, check_shared_cache
from pasarlokal.demo.home import ensure_home

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}
}


def test_per_process_cache_is_a_deploy_warning():
    with override_settings(CACHES=LOCMEM):
        assert [w.id for w in check_shared_cache(None)] == ["pasarlokal.W001"]
    with override_settings(CACHES=REDIS):
        assert check_shared_cache(None) == []


@pytest.mark.django_db
def test_localhost_default_site_is_a_deploy_warning(home_page):
    Site.objects.update(hostname="localhost")
    assert [w.id for w in check_default_site_host(None)] == ["pasarlokal.W002"]
    Site.objects.update(hostname="pasarlokal.example")
    assert check_default_site_host(None) == []


@pytest.mark.django_db
@override_settings(SITE_URL="https://pasarlokal.example")
def test_seed_demo_and_set_site_url_use_site_url(home_page):
    Site.objects.update(hostname="localhost", port=80)
    call_command("set_site_url", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("pasarlokal.example", 443)

    Site.objects.update(hostname="localhost", port=80)
    ensure_home()
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("pasarlokal.example", 443)


@pytest.mark.django_db
@override_settings(SITE_URL="https://pasarlokal.example")
def test_canonical_and_sitemap_use_the_configured_host(client, home_page):
    call_command("set_site_url", verbosity=0)
    body = client.get("/", HTTP_HOST="pasarlokal.example").content.decode()
    assert '<link rel="canonical" href="https://pasarlokal.example/">' in body
    sitemap = client.get("/sitemap.xml", HTTP_HOST="pasarlokal.example").content.decode()
    assert "<loc>https://pasarlokal.example/</loc>" in sitemap
    assert "localhost" not in sitemap
