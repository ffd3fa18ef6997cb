"""One save of a page at a time.

Wagtail 8's editor autosaves in the background (a fetch every half second after a change) and
does not hold back the Submit/Publish button meanwhile. On a slow phone both requests can be
processed at once; each then adds the gallery rows that have no id yet, and the product ends up
with the same photo twice. Saves (and creations under one parent) are therefore serialised:
a row lock on the page (PostgreSQL) and, for the single-process SQLite set-up, a process lock.
"""

import functools
import threading

from django.db import connection, transaction

from wagtail.models import Page

SERIALISED_VIEWS = {
    "wagtailadmin_pages:edit": "page_id",
    "wagtailadmin_pages:add": "parent_page_id",
    # A seller's English version of a product (a double tap must not make two English pages).
    "sellerportal_english": "product_id",
}
_process_lock = threading.Lock()


def serialise_page_saves(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        match = getattr(request, "resolver_match", None)
        field = SERIALISED_VIEWS.get(match.view_name if match else "")
        if request.method != "POST" or field is None or field not in kwargs:
            return view(request, *args, **kwargs)
        if not 0 < kwargs[field] < 2**63:
            return view(request, *args, **kwargs)  # no such page (the view says so), no lock
        if connection.vendor == "sqlite":
            with _process_lock, transaction.atomic():
                return view(request, *args, **kwargs)
        with transaction.atomic():
            list(Page.objects.select_for_update().filter(pk=kwargs[field]).values_list("pk"))
            return view(request, *args, **kwargs)

    return wrapped
