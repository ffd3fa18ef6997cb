"""Breadcrumb trails: Home › Katalog › Sector › Category › Product, built without extra queries."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

from pasarlokal.core.caching import PAGE_TREE, cached

from .taxonomy import CATEGORY, SECTOR


def catalogue_link(request):
    """(url, title) of the live catalogue page, or (None, ""). Cached with the page tree.

    Found by content type, so product and seller pages need not import the catalogue module.
    """
    site = Site.find_for_request(request)

    def compute():
        pages = Page.objects.live().filter(
            content_type__app_label="marketplace", content_type__model="catalogueindexpage"
        )
        # The catalogue in the visitor's language (its English translation under /en/).
        page = pages.filter(locale__language_code=get_language()).first() or pages.first()
        return (page.get_url(request), page.title) if page else (None, "")

    parts = [site.pk if site else 0, get_language()]
    return cached("catalogue-link", parts, compute, 60 * 60, [PAGE_TREE])


def home_crumb():
    return {"title": _("Home"), "url": reverse("wagtail_serve", args=[""])}


def catalogue_trail(catalogue_url, catalogue_title, sector=None, category=None):
    trail = [home_crumb()]
    if catalogue_url:
        trail.append({"title": catalogue_title, "url": catalogue_url})
        if sector:
            trail.append(
                {
                    "title": sector.display_name,
                    "url": f"{catalogue_url}?{urlencode({SECTOR: sector.slug})}",
                }
            )
        if category:
            query = urlencode({SECTOR: category.sector.slug, CATEGORY: category.slug})
            trail.append({"title": category.display_name, "url": f"{catalogue_url}?{query}"})
    return trail


def product_trail(product, catalogue_url, catalogue_title):
    category = product.category
    trail = catalogue_trail(
        catalogue_url,
        catalogue_title,
        sector=category.sector if category else None,
        category=category,
    )
    trail.append({"title": product.title, "url": None})
    return trail


def with_current(trail, title):
    """The trail ending on the current page (not a link)."""
    return [*trail, {"title": title, "url": None}]
