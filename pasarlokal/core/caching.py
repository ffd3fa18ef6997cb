"""One get-or-compute for cached facts, forgotten by version when what they depend on changes.

A cached fact names the version keys it depends on; `forget(version_key)` moves that version on,
so every variant of every fact depending on it (per site, per language, per month) is computed
afresh on its next read. Versions never expire; values expire after `timeout` seconds, so app
servers that do not share a cache (locmem with several workers) agree again within that time.
"""

import time

from django.core.cache import cache
from django.db import transaction

# Forgotten whenever a page is published, unpublished, renamed, moved or deleted (core/signals.py).
PAGE_TREE = "pasarlokal:nav-version"


def cached(name, parts, compute, timeout, depends_on=()):
    """The value of `compute()` cached under `name` and `parts` for the current versions."""
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
