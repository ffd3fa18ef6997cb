from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page

from .search import search_view


@never_cache
@require_GET
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@cache_control(max_age=60 * 60)
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))  # the host the crawler asked
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /keranjang/",
        "Disallow: /en/keranjang/",
        "Disallow: /kontak/",
        "Disallow: /en/kontak/",
        "Disallow: /cari/",
        "Disallow: /qr/",
        "Disallow: /en/cari/",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")


@require_GET
@cache_control(max_age=60 * 15)
def sitemap(request):
    # Not language-prefixed: each page's URL in its own language, whatever the crawler accepts.
    with translation.override(settings.LANGUAGE_CODE):
        return wagtail_sitemap(request, sitemaps={"pages": LanguagesSitemap})


class LanguagesSitemap(Sitemap):
    """Every live page of the site in each language it exists in: the Indonesian tree and the
    translations of its home page (a page without a translation is listed once; the untranslated
    copies of its parents wagtail-localize makes for a translated page are left out)."""

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_tree = Q(pk__in=[])
        for path in roots.values_list("path", flat=True):
            in_a_tree |= Q(path__startswith=path)
        return (
            Page.objects.filter(in_a_tree)
            .filter(alias_of__isnull=True)  # a parent copied for a translated child is no page
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


def search(request):
    return search_view(request)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
