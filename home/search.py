"""Site search across products, sellers and every other live page (stories, events…).

Results are grouped by what they are: products (as cards), sellers, then everything else that
Wagtail's search index holds, labelled with its page type — so a new indexed page type (e.g. the
campaign's StoryPage) shows up without touching this module. Each group is one search query plus
the prefetches its cards need: a constant number of queries whatever the size of the site.
"""

import logging

from django.db import DatabaseError
from django.shortcuts import render
from django.utils.http import urlencode

from wagtail.models import Page, get_page_models

from marketplace.breadcrumbs import catalogue_link
from marketplace.catalogue import among, best_first, live_products, search_product_ids
from marketplace.facets import clean_query  # noqa: F401  (one rule; tests import it from here)
from marketplace.products import ProductPage
from marketplace.sellers import SellerPage, with_product_counts
from marketplace.taxonomy import taxonomy_snapshot
from marketplace.translations import (
    active_language,
    default_locale_id,
    locale_id_for,
    localize_pages,
)

from .suggest import did_you_mean

logger = logging.getLogger(__name__)

PRODUCT_RESULTS = 24
SELLER_RESULTS = 12
OTHER_RESULTS = 20


def _search(queryset, query, limit):
    try:
        return list(queryset.search(query, operator="and")[:limit])
    except DatabaseError:  # a backend hiccup is "nothing found", never a 500
        logger.warning("search failed for %r", query, exc_info=True)
        return []


def search_site(query):
    """{"products": […], "sellers": […], "others": [(page, type label), …]}."""
    # The search backend filters on indexed fields only, so the view restrictions are read once
    # and applied to the three searches as path conditions (what .public() does per call).
    private_q = Page.objects.all().private_q()
    # Products are ranked in one full-text query, then fetched as cards (best first).
    ranking = search_product_ids(query, PRODUCT_RESULTS)
    products = list(
        live_products(photos=False).filter(among(ranking)).order_by(best_first(ranking), "pk")
        if ranking
        else []
    )
    sellers = _search(
        SellerPage.objects.live()
        .filter(locale_id=default_locale_id())  # a search filter field (unlike the join)
        .exclude(private_q)
        .select_related("region", "sector", "logo")
        .prefetch_related("logo__renditions"),
        query,
        SELLER_RESULTS,
    )
    # Counted like the directory's (kept until a change): a COUNT joined into the search query
    # grouped every product of every matching seller (58 ms at 100,000 products, sorted on disk).
    sellers = with_product_counts(sellers)
    others = _search(
        Page.objects.live().exclude(private_q).type(*other_page_types()).exclude(depth__lte=1),
        query,
        OTHER_RESULTS * 2,
    )
    other_results = [
        (page, page.specific_class._meta.verbose_name if page.specific_class else "")
        for page in one_per_translation(others)[:OTHER_RESULTS]
    ]
    localize_pages(sellers, ("title",), terms=("region", "sector"))
    return {"products": products, "sellers": sellers, "others": other_results}


def other_page_types():
    """The page types the site search lists under "other pages": all but products and sellers,
    named (`content_type IN …`, which the content type's index finds) rather than excluded (`NOT
    IN`, which made PostgreSQL read every page to find the few dozen others: 32–90 ms at
    100,000 products)."""
    return [
        model
        for model in get_page_models()
        if model is not Page and not issubclass(model, (ProductPage, SellerPage))
    ]


def one_per_translation(pages):
    """A story found in both languages once: in the visitor's language where it matched,
    else in the language it matched in; ranked where its best version ranked. Untranslated
    copies of parent pages (aliases wagtail-localize makes) are not pages to find."""
    mine = locale_id_for(active_language())
    chosen = {}
    for page in pages:
        if page.alias_of_id:
            continue
        best = chosen.get(page.translation_key)
        if best is None or (page.locale_id == mine and best.locale_id != mine):
            chosen[page.translation_key] = page
    order = dict.fromkeys(page.translation_key for page in pages if not page.alias_of_id)
    return [chosen[key] for key in order]


def _count(results):
    return len(results["products"]) + len(results["sellers"]) + len(results["others"])


def search_view(request):
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    results = search_site(query) if query else None
    total = _count(results) if results else 0
    suggestion = ""
    if query and not total:
        # "Did you mean …?" only when the corrected words do find something.
        suggestion = did_you_mean(query)
        if suggestion and not _count(search_site(suggestion)):
            suggestion = ""
    context = {
        "query": query,
        "search_query": query,
        "results": results,
        "total": total,
        "did_you_mean": suggestion,
        "query_was_cleaned": bool(raw.strip()) and query != " ".join(raw.split()),
        # Every matching product, with the catalogue's filters, sort and pages.
        "catalogue_search_url": f"{catalogue_link(request)[0]}?{urlencode({'q': query})}"
        if query and catalogue_link(request)[0]
        else "",
        "suggestions": [category.name for category in taxonomy_snapshot().categories[:8]],
    }
    return render(request, "home/search.html", context)
