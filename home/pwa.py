"""Installable and offline-capable: the web app manifest, the service worker (/sw.js) and the
offline page.

The service worker caches the shell (styles, scripts, icons, the offline page) and the pages and
images a shopper has already seen, so a product stays readable when the connection drops on an
island road. Its cache name carries a version made from the shell files' contents (plus
PWA_CACHE_VERSION), so a deploy that changes them replaces the old caches. It never stores admin,
cart, checkout, order or contact pages, nor any response marked private (every response to a
request with a session is, see SessionPagesArePrivate).
"""

import functools
import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

THEME_COLOUR = "#0f5c5a"
BACKGROUND_COLOUR = "#fbf7f1"
SHELL_STATIC = [
    "css/site.css",
    "css/catalogue.css",
    "css/campaign.css",
    "js/site.js",
    "js/offline.js",
    "img/favicon.svg",
    "img/logo-192.png",
]
ICONS = [
    ("img/logo-192.png", "192x192", "any"),
    ("img/logo-512.png", "512x512", "any"),
    ("img/logo-maskable-512.png", "512x512", "maskable"),
]
# Never cached by the service worker (prefixes, with and without the /en/ language prefix).
NEVER_CACHED = [
    "/admin/",
    "/django-admin/",
    "/keranjang/",
    "/pesanan/",
    "/kontak/",
    "/qr/",
    "/stripe/",
    "/midtrans/",
    "/daftar-penjual/",
    "/cari/",
    "/feeds/",
    "/documents/",
    "/healthz",
    "/sw.js",
]


def _file_digest(path):
    found = finders.find(path)
    if not found:
        return path
    with open(found, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


@functools.lru_cache(maxsize=1)
def cache_version():
    """Changes whenever a shell file's contents change (a deploy) or PWA_CACHE_VERSION does."""
    digest = hashlib.sha256(getattr(settings, "PWA_CACHE_VERSION", "").encode())
    for path in SHELL_STATIC + ["js/sw.js"]:
        digest.update(_file_digest(path).encode())
    return digest.hexdigest()[:12]


def offline_urls():
    urls = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls.append(reverse("pwa_offline"))
    return urls


@require_GET
def service_worker(request):
    """The worker script, served from the site root so its scope is the whole site."""
    with open(finders.find("js/sw.js"), encoding="utf-8") as handle:
        script = handle.read()
    config = {
        "version": cache_version(),
        "shell": [static(path) for path in SHELL_STATIC] + offline_urls(),
        "offline": {
            code: url for (code, _name), url in zip(settings.LANGUAGES, offline_urls(), strict=True)
        },
        "neverCached": NEVER_CACHED,
        "languagePrefixes": [f"/{code}/" for code, _name in settings.LANGUAGES[1:]],
    }
    body = f"const PASARLOKAL = {json.dumps(config)};\n{script}"
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # Browsers check for a new worker on navigation; never let a cache hold an old one.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    data = {
        "name": "Pasar Lokal",
        "short_name": "Pasar Lokal",
        "description": _("Local products of Nusa Tenggara Barat: find them, contact the maker."),
        "lang": translation.get_language() or "id",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for path, sizes, purpose in ICONS
        ],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def offline(request):
    response = TemplateResponse(request, "home/offline.html", {})
    response["X-Robots-Tag"] = "noindex"
    return response


class SessionPagesArePrivate:
    """Marks a response private when the request carries a session with something in it (a cart,
    a login): no shared cache, and the service worker, may keep it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if (
            session is not None
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and "no-store" not in response.get("Cache-Control", "")  # already stronger
            and not session.is_empty()
        ):
            patch_cache_control(response, private=True)
        return response
