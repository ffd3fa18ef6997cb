"""A shared cache of whole anonymous pages, and the Cache-Control headers a CDN reads.

What is stored: the response to a GET or HEAD from a visitor who is not logged in and has no
pending messages, when the response sets no cookie, is a 200, and did not ask for privacy
(`Cache-Control: private/no-store/no-cache`). Only requests WITHOUT a session cookie fill the
cache; a visitor with a session (a cart) is served from it after one session read shows they are
anonymous with no messages. Pages therefore must carry nothing personal: the header's cart count
is read by JavaScript from a display-only cookie, and the public forms (add to cart, pledge,
enquiry) carry no CSRF token — their views check Origin/Referer instead (`core.origin`).

The key is host + language + full path with its query string + a site-wide version. Any change
that can show on a public page (publish, unpublish, move, delete; stock or price; certificates;
taxonomy; site settings; images) bumps the version, so every cached page is recomputed on its next
request; old entries expire on their own (a pledge bumps it too, for the counter). Pages with
the pledge counter also ask CDNs, which no bump reaches, for a shorter `s-maxage` (`max_age`).

Redis (`REDIS_URL`) shares the cache and the version between app servers. With the local-memory
default each worker process has its own, so pages are kept only `PAGE_CACHE_LOCAL_SECONDS`.
"""

import collections
import contextvars
import hashlib
import pickle
import secrets
import threading
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

VERSION_KEY = "pagecache:version"
KEY_PREFIX = "pagecache:page"
HIT_HEADER = "X-Page-Cache"
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage
# Views mark responses that must never be stored or shared (cart, checkout, orders, admin).
PRIVATE_CACHE_CONTROL = {"private": True, "no_store": True}


def cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def timeout():
    """How long a page is kept: long on a shared cache (versions make it safe), short locally."""
    backend = settings.CACHES[getattr(settings, "PAGE_CACHE_ALIAS", "default")]["BACKEND"]
    if "locmem" in backend.lower():
        return getattr(settings, "PAGE_CACHE_LOCAL_SECONDS", 30)
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def new_version():
    """A version no earlier one can equal: random, not the clock (which tests freeze, and which
    two app servers could read alike)."""
    return secrets.randbits(63)


def current_version():
    version = cache().get(VERSION_KEY)
    if version is None:
        version = new_version()
        cache().add(VERSION_KEY, version, None)
        version = cache().get(VERSION_KEY, version)
    return version


_suspended = threading.local()

# The version an anonymous GET is served under (read once by the middleware for the page's key).
_request_version = contextvars.ContextVar("page_cache_request_version", default=None)
_memo = {}  # name -> (version, value): facts every page reads, kept per version in this process
# name -> (version, value) for facts of one URL among many (a page's route): the newest only.
_bounded = collections.OrderedDict()
BOUNDED_ENTRIES = 1000


def serving_anonymous():
    """True while the middleware serves an anonymous GET (so per_version keeps values)."""
    return _request_version.get() is not None


def per_version(name, compute):
    """`compute()`, kept in this process until the site-wide version moves.

    Only while an anonymous GET is served: its version was read anyway for the page's key, so a
    kept value costs no cache read. Everything that can change what such a fact says bumps the
    version (the same changes that forget cached pages, on every app server, since the version
    lives in the shared cache). Elsewhere (logged-in visitors, the admin, writes, no page cache)
    it is computed every time. The value is shared by the process's requests: never mutate it.
    """
    version = _request_version.get()
    if version is None:
        return compute()
    held = _memo.get(name)
    if held is not None and held[0] == version:
        return held[1]
    value = compute()
    _memo[name] = (version, value)
    return value


def per_version_bounded(name, compute):
    """As per_version, for facts of which a process would otherwise keep one per URL: only the
    BOUNDED_ENTRIES most recently computed are kept (oldest forgotten first)."""
    version = _request_version.get()
    if version is None:
        return compute()
    held = _bounded.get(name)
    if held is not None and held[0] == version:
        return held[1]
    value = compute()
    _bounded[name] = (version, value)
    _bounded.move_to_end(name)
    while len(_bounded) > BOUNDED_ENTRIES:
        try:
            _bounded.popitem(last=False)
        except KeyError:  # emptied by another thread meanwhile
            break
    return value


def per_version_copied(name, compute):
    """As per_version_bounded, for model instances and anything a request may change: kept
    pickled, so every request gets its own copy. A value that cannot be pickled is computed
    every time; so is one whose compute() raises (a 404, say)."""
    if _request_version.get() is None:
        return compute()
    computed = []

    def keep():
        value = compute()
        computed.append(value)
        try:
            return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return b""

    kept = per_version_bounded(name, keep)
    if computed:
        return computed[0]  # computed by this request: its own already
    if not kept:
        return compute()
    return pickle.loads(kept)


@contextmanager
def one_bump():
    """Bulk changes (seeding, imports): one bump at the end instead of one per row."""
    _suspended.active = True
    try:
        yield
    finally:
        _suspended.active = False
        bump()


def bump(**kwargs):
    """Forget every cached page: now, and again when the current transaction commits.

    The second bump covers a request that read the old rows while the transaction was open and
    stored the old page under the new version.
    """
    if not enabled() or getattr(_suspended, "active", False):
        return
    cache().set(VERSION_KEY, new_version(), None)
    transaction.on_commit(lambda: cache().set(VERSION_KEY, new_version(), None))


def page_key(request, version):
    from django.utils import translation

    url = request.build_absolute_uri()  # scheme, host, path and the full query string
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"{KEY_PREFIX}:{version}:{translation.get_language()}:{request.method}:{digest}"


def max_age(response, seconds):
    """Let a view ask for a shorter shared lifetime (e.g. a page that shows the pledge counter)."""
    patch_cache_control(response, s_maxage=seconds)
    return response


def _cache_control(response):
    value = response.get("Cache-Control", "")
    parts = {}
    for item in value.split(","):
        name, _sep, arg = item.strip().partition("=")
        if name:
            parts[name.lower()] = arg
    return parts


def _is_admin(request):
    return request.path.startswith("/admin/") or request.path.startswith("/django-admin/")


def _anonymous_without_messages(request):
    """True when the visitor's session (if any) holds no login and no messages."""
    if MESSAGES_COOKIE in request.COOKIES:
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    if session is None:
        return False
    accessed = session.accessed
    keys = set(session.keys())
    # Our look does not count as the view reading the session (keeps `Vary: Cookie` honest).
    session.accessed = accessed
    return "_auth_user_id" not in keys and "_messages" not in keys


class PageCacheMiddleware:
    """Serve and store anonymous pages; set Cache-Control on every response.

    Sits after SessionMiddleware and LocaleMiddleware (it needs the session and the language).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cacheable_request = (
            enabled()
            and request.method in ("GET", "HEAD")
            and not _is_admin(request)
            and _anonymous_without_messages(request)
        )
        key = None
        if cacheable_request:
            version = current_version()
            key = page_key(request, version)
            stored = cache().get(key)
            if stored is not None:
                return self._from_store(stored)

        cookieless = settings.SESSION_COOKIE_NAME not in request.COOKIES
        token = _request_version.set(version) if key else None
        try:
            response = self.get_response(request)
        finally:
            if token is not None:
                _request_version.reset(token)
        self._set_cache_control(request, response)
        if key and cookieless and self._storable(request, response):
            lifetime = timeout()
            s_maxage = _cache_control(response).get("s-maxage")
            if s_maxage and s_maxage.isdigit():
                lifetime = min(lifetime, int(s_maxage))
            cache().set(key, self._to_store(response), lifetime)
            response[HIT_HEADER] = "miss"
        return response

    def _storable(self, request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        control = _cache_control(response)
        return not ({"private", "no-store", "no-cache"} & control.keys())

    def _set_cache_control(self, request, response):
        control = _cache_control(response)
        if _is_admin(request) or getattr(request, "_page_cache_private", False):
            if "no-store" not in control:
                patch_cache_control(response, **PRIVATE_CACHE_CONTROL)
            return
        if control.keys() & {"private", "no-store", "no-cache"}:
            return
        user = getattr(request, "user", None)
        personal = (
            response.cookies
            or request.method not in ("GET", "HEAD")
            or response.status_code >= 400
            or (user is not None and user.is_authenticated)
        )
        if personal:
            patch_cache_control(response, private=True, no_cache=True)
            return
        if response.status_code == 200:
            s_maxage = control.get("s-maxage") or timeout()
            patch_cache_control(response, public=True, max_age=0, s_maxage=s_maxage)
            # Shared caches keep one copy for cookie-less visitors and skip everyone else.
            patch_vary_headers(response, ["Cookie"])

    @staticmethod
    def _to_store(response):
        headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", "vary")]
        return (response.status_code, headers, response.content)

    @staticmethod
    def _from_store(stored):
        status, headers, content = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[HIT_HEADER] = "hit"
        patch_vary_headers(response, ["Cookie"])
        return response


def private(view):
    """Decorator: this view's responses are personal (never stored, `private, no-store`)."""
    from functools import wraps

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request._page_cache_private = True
        response = view(request, *args, **kwargs)
        patch_cache_control(response, **PRIVATE_CACHE_CONTROL)
        return response

    return wrapped


def _page_changed(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        bump()


def _changed_not_created(sender, instance, created=False, **kwargs):
    if not created:
        bump()


def connect(models=(), page_signals=True, changed_only=()):
    """Bump the version when any of `models` is saved or deleted (and on page events)."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                bump, sender=model, dispatch_uid=f"pagecache-{model._meta.label}-{id(signal)}"
            )
    # Rows created with defaults on first read (site settings) change nothing shown.
    for model in changed_only:
        post_save.connect(
            _changed_not_created, sender=model, dispatch_uid=f"pagecache-{model._meta.label}-chg"
        )
        post_delete.connect(bump, sender=model, dispatch_uid=f"pagecache-{model._meta.label}-del")
    if page_signals:
        from wagtail.signals import page_published, page_unpublished, post_page_move

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(bump, dispatch_uid=f"pagecache-page-{id(signal)}")
        # Any page row written or deleted (publishing writes the live row; so do moves).
        post_save.connect(_page_changed, dispatch_uid="pagecache-page-save")
        post_delete.connect(_page_changed, dispatch_uid="pagecache-page-delete")
