"""Per-IP rate limits for public forms, kept in the shared cache so every app server agrees."""

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    # Behind a proxy, set TRUSTED_PROXY_IP_HEADER (e.g. HTTP_X_REAL_IP) to the header it sets.
    header = getattr(settings, "TRUSTED_PROXY_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def _key(request, scope):
    return f"pasarlokal:ratelimit:{scope}:{client_ip(request)}"


def is_limited(request, scope, limit=None):
    """True when this IP has already used up its submissions for `scope` this hour."""
    limit = settings.PUBLIC_FORM_RATE_LIMIT if limit is None else limit
    return (cache.get(_key(request, scope)) or 0) >= limit


def record(request, scope, period=60 * 60):
    """Count one submission for this IP; the window starts at its first submission."""
    key = _key(request, scope)
    if cache.add(key, 1, period):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, period)
        return 1
