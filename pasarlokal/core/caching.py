"""One get-or-compute for cached facts, forgotten by version when what they depend on changes.

A cached fact names the version keys it depends on; `forget(version_key)` moves that version on,
so every variant of every fact depending on it (per site, per language, per month) is computed
afresh on its next read. Versions never expire; values expire after `timeout` seconds, so app
servers that do not share a cache (locmem with several workers) agree again within that time.
"""

import time

from django.core.cache import cache
from django.db import transaction

from pasarlokal.core import pagecache

# Forgotten whenever a page is published, unpublished, renamed, moved or deleted (core/signals.py).
PAGE_TREE = "pasarlokal:nav-version"


def cached(name, parts, compute, timeout, depends_on=()):
    """The value of `compute()` cached under `name` and `parts` for the current versions.

    While an anonymous page is served, the value is also kept in the process for the page
    cache's version (pagecache.per_version): every change that moves one of the versions
    above (pages, taxonomy, product rows) moves that one too, so a page reads each fact once
    per process and version instead of one cache read (and unpickling) per use. Treat the
    value as read-only."""
    if pagecache.serving_anonymous():
        memo = "cached:" + ":".join([name, *(str(part) for part in parts)])
        return pagecache.per_version_bounded(
            memo, lambda: _cached(name, parts, compute, timeout, depends_on)
        )
    return _cached(name, parts, compute, timeout, depends_on)


def _cached(name, parts, compute, timeout, depends_on):
    versions = cache.get_many(depends_on) if depends_on else {}
    key = ":".join(
        ["pasarlokal", name, *(str(part) for part in parts)]
        + [str(versions.get(version_key, 0)) for version_key in depends_on]
    )
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def forget(version_key):
    """Forget now, and again when the current transaction commits.

    The second time covers a request on another app server that read the old rows while the
    transaction was open and cached what it computed under the new version.
    """
    cache.set(version_key, time.time_ns(), None)
    transaction.on_commit(lambda: cache.set(version_key, time.time_ns(), None))


def forgetter(version_key):
    """A signal receiver that forgets `version_key`."""

    def receiver(**kwargs):
        forget(version_key)

    return receiver
