"""Cross-site request forgery protection for public forms on cached pages, without a token.

A page served from the shared cache is the same for every visitor, so it cannot carry a CSRF
token bound to one visitor; a first-time, cookie-less visitor without JavaScript must still be
able to add to cart, pledge and send an enquiry. Those views are exempt from Django's token check
and do this one instead:

- the browser must say the post came from this site: `Sec-Fetch-Site` (when sent) is
  `same-origin` or `none`, and `Origin` (every current browser sends it on a POST) — or, failing
  that, `Referer` — names this site or one of `CSRF_TRUSTED_ORIGINS`; a post with neither is
  refused;
- the session cookie is `SameSite=Lax`, so a cross-site post would not carry the shopper's cart.

These forms only add (to a cart, a pledge list, an enquiry inbox); changing or paying for an order
still goes through Django's token check on pages that are never cached.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt


def _origin_of(url):
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_same_origin(request):
    """True when the browser says this unsafe request was made by a page of this site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site and fetch_site not in ("same-origin", "none"):
        return False
    own = f"{request.scheme}://{request.get_host()}".lower()
    trusted = {own} | {origin.lower() for origin in settings.CSRF_TRUSTED_ORIGINS}
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return origin.lower() in trusted
    if origin == "null":
        return False
    referer = request.headers.get("Referer")
    if referer:
        return _origin_of(referer) in trusted
    return False


def same_origin_post(view):
    """Decorator for public form views on cacheable pages: Origin/Referer instead of a token."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        unsafe = request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
        # The test client's default (like Django's own check) skips CSRF unless asked for it.
        checking = not getattr(request, "_dont_enforce_csrf_checks", False)
        if unsafe and checking and not is_same_origin(request):
            response = TemplateResponse(request, "403.html", status=403)
            response["Cache-Control"] = "private, no-store"
            return response
        return view(request, *args, **kwargs)

    return wrapped
