"""QR posters: the counted redirect a printed QR leads to, and the admin downloads.

A seller downloads posters of the pages they may edit (their storefront and products); editors may
edit every page, so they download any poster, and the bazaar pack of an event.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import register_converter
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from wagtail.models import Page

from marketplace.contact import clicks
from marketplace.contact.models import ContactClick
from marketplace.products import ProductPage
from marketplace.sellers import SellerPage

from . import posters
from .centres import CentrePage
from .events import EventPage

POSTER_TYPES = (ProductPage, SellerPage, CentrePage, EventPage)


class PosterSizeConverter:
    regex = "|".join(posters.SIZES)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


# Registered here, not in urls.py: the admin URLs (a hook) are read before the shopper URLs.
register_converter(PosterSizeConverter, "postersize")


def _poster_page_or_404(page_id):
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    if not isinstance(page, POSTER_TYPES):
        raise Http404
    seller = None
    if isinstance(page, ProductPage):
        seller = page.seller
        if seller is None or not seller.live:
            raise Http404
    elif isinstance(page, SellerPage):
        seller = page
    return page, seller


def _go(request, page):
    # The target is the page's own URL from the database, never anything from the request.
    target = page.get_url(request)
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=False
    ):
        target = page.get_full_url(request)
    if not target:
        raise Http404
    response = HttpResponseRedirect(target)
    response["Cache-Control"] = "no-store"  # every scan must reach us to be counted
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "HEAD"])
def qr_redirect(request, size, page_id):
    """/qr/<a6|a4>/<page-id>/: count the scan (channel "qr"), then open the page."""
    page, seller = _poster_page_or_404(page_id)
    clicks.record_click(
        request,
        seller,
        ContactClick.Channel.QR,
        product=page if isinstance(page, ProductPage) else None,
        poster=size,
        poster_page=page,
    )
    return _go(request, page)


@require_http_methods(["GET", "HEAD"])
def qr_bazaar_redirect(request, event_id, product_id):
    """/qr/bazar/<event-id>/<product-id>/: a product card from an event's bazaar pack."""
    event = get_object_or_404(EventPage.objects.live().public(), pk=event_id)
    product = get_object_or_404(
        ProductPage.objects.live().public().select_related("seller"), pk=product_id
    )
    if product.seller is None or not product.seller.live:
        raise Http404
    clicks.record_click(
        request,
        product.seller,
        ContactClick.Channel.QR,
        product=product,
        poster=ContactClick.Poster.BAZAAR_PACK,
        poster_page=event,
    )
    return _go(request, product)


# --- Admin downloads --------------------------------------------------------------------


def _pdf(data, filename):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _editable_or_refused(request, page_id):
    page = get_object_or_404(Page.objects.all(), pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


@require_GET
def download_poster(request, page_id, size):
    """/admin/posters/<page-id>/<a6|a4>.pdf for a page the user may edit."""
    page = _editable_or_refused(request, page_id).specific
    if not isinstance(page, POSTER_TYPES) or not page.live:
        raise Http404
    poster = posters.poster_for(page, posters.site_root(request), size)
    return _pdf(posters.render_poster(poster, size), f"poster-{size}-{slugify(page.slug)}.pdf")


@require_GET
def download_bazaar_pack(request, event_id):
    """/admin/posters/bazar/<event-id>.pdf: a card for every live product of the event's sellers."""
    page = _editable_or_refused(request, event_id).specific
    if not isinstance(page, EventPage):
        raise Http404
    data = posters.render_bazaar_pack(page, posters.site_root(request))
    return _pdf(data, f"bazar-{slugify(page.slug)}.pdf")
