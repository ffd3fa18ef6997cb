"""Renditions made ahead of the shopper: when an image is uploaded or a page using it is published.

Without this, the first visitor of a page waits while every size and format (AVIF included) is
encoded. `make_renditions` is a django-tasks task, so it runs on whatever backend the settings
choose (the immediate backend in development and tests, a worker in production).
"""

import threading
from contextlib import contextmanager

from django_tasks import task

from django.db import transaction

from wagtail.images import get_image_model
from wagtail.images.models import Filter


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
