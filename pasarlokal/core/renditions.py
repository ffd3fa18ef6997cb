"""Renditions made ahead of the shopper: when an image is uploaded or a page using it is published.

Without this, the first visitor of a page waits while every size and format (AVIF included) is
encoded. `make_renditions` is a django-tasks task, so it runs on whatever backend the settings
choose (the immediate backend in development and tests, a worker in production).
"""

import functools
import logging
import threading
from contextlib import contextmanager

from django_tasks import task

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

from wagtail.images import get_image_model
from wagtail.images.models import Filter, SourceImageIOError
from wagtail.images.templatetags.wagtailimages_tags import ImageNode, SrcsetImageNode

logger = logging.getLogger(__name__)


def _kept_on_node(method):
    """`method(node)` computed on the node's first render and kept on the node."""
    attribute = f"_kept_{method.__name__}"

    @functools.wraps(method)
    def kept(node):
        if attribute not in node.__dict__:
            node.__dict__[attribute] = method(node)
        return node.__dict__[attribute]

    return kept


def reuse_image_tag_filters():
    """Let `{% image %}`, `{% srcset_image %}` and `{% picture %}` parse their specs once.

    Wagtail's image tags build new `Filter` objects on every render, and each new filter parses
    its spec again (`Filter.operations`) for every image: 24 catalogue cards × 6 specs were 144
    parses per page, about a sixth of its render time. A `Filter` holds only its spec and the
    parsed operations (the image is passed to each call), so a template node can keep its filters
    for every image it renders, as long as the cached template loader keeps the node.
    """
    for node_class, name in ((ImageNode, "get_filter"), (SrcsetImageNode, "get_filters")):
        method = node_class.__dict__[name]
        if not hasattr(method, "__wrapped__"):
            setattr(node_class, name, _kept_on_node(method))


# PostgreSQL's SQLSTATE for "deadlock detected".
DEADLOCK = "40P01"
RENDITION_ATTEMPTS = 3


def survive_concurrent_renditions():
    """Two app servers making the same new renditions at once must not fail a page.

    Wagtail's `create_renditions` encodes a batch of sizes in a thread pool and inserts them in
    the order the encoders finished (`INSERT … ON CONFLICT DO NOTHING`). When two workers render
    a page whose renditions are missing at the same moment (the first views under a spike, or a
    bulk import whose images had none yet), they insert the same rows in different orders,
    PostgreSQL detects the deadlock and kills one statement: that visitor got a 500. The loser
    now tries again; by then the other worker's rows are committed (or it waits for them), so
    they are found or skipped, not inserted twice. Only outside a transaction (requests run in
    autocommit): inside one, the deadlock has aborted the caller's transaction, so it is raised.
    """
    from wagtail.images.models import AbstractImage

    original = AbstractImage.create_renditions
    if getattr(original, "_survives_deadlocks", False):
        return

    @functools.wraps(original)
    def create_renditions(self, *filters):
        connection = connections[self._state.db or DEFAULT_DB_ALIAS]
        for attempt in range(1, RENDITION_ATTEMPTS + 1):
            try:
                return original(self, *filters)
            except OperationalError as error:
                last = attempt == RENDITION_ATTEMPTS or connection.in_atomic_block
                if last or not _is_deadlock(error):
                    raise

    create_renditions._survives_deadlocks = True
    AbstractImage.create_renditions = create_renditions


def _is_deadlock(error):
    cause = error.__cause__
    return (
        getattr(cause, "sqlstate", None) == DEADLOCK or getattr(cause, "pgcode", None) == DEADLOCK
    )


def rendition_url(image, spec):
    """The URL of `image`'s rendition `spec`, or None when its original file is missing or
    unreadable (a lost upload, media not copied on a move): the page then goes without that
    picture (as Wagtail's image tags show a "not found" image) instead of failing."""
    if image is None:
        return None
    try:
        return image.get_rendition(spec).url
    except SourceImageIOError:
        logger.warning("Image %s (%s): original file missing or unreadable", image.pk, spec)
        return None


def expand(*tag_specs):
    """Filter specs as written in `{% picture %}` tags ("format-{webp,jpeg} fill-{a,b}") → list."""
    specs = []
    for tag_spec in tag_specs:
        specs.extend(Filter.expand_spec(tag_spec.split()))
    return specs


@task()
def make_renditions(image_ids, specs):
    """Create any missing renditions of these images (one query per image for the existing ones)."""
    images = get_image_model().objects.filter(pk__in=image_ids)
    for image in images:
        try:
            image.get_renditions(*specs)
        except Exception:  # a broken or missing file must not fail a publish or an upload
            continue


_paused = threading.local()


@contextmanager
def paused():
    """Bulk loads (seed_demo) skip the per-image tasks; their pages make renditions as needed."""
    _paused.active = True
    try:
        yield
    finally:
        _paused.active = False


def make_renditions_later(image_ids, specs):
    """Enqueue after the current transaction commits (the worker must see the rows)."""
    if getattr(_paused, "active", False):
        return
    image_ids = sorted({pk for pk in image_ids if pk})
    if image_ids and specs:
        transaction.on_commit(lambda: make_renditions.enqueue(image_ids, list(specs)))
