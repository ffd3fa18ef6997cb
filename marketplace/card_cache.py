"""Product cards rendered once and kept as HTML fragments, shared by every page that lists them.

An uncached catalogue, storefront or home page spent most of its time on its cards: prefetching
every card's photo and renditions and rendering 24 `{% picture %}` tags. A card shows the same
HTML to every visitor, so each rendered card is kept in the cache under a digest of everything it
shows (name, price, stock, seller, category and region, its URL, the language and the last
publish that could have changed its photos). A page asks the cache for all its cards in one
`get_many`, loads photos and renditions only for the cards it misses, renders those and stores
them with one `set_many`. A changed product changes its own digest, so only its card is
rendered again; nothing has to be forgotten.

Not in the digest, so read as versions (in the same `get_many` for all cards): the taxonomy
(category and region names, which will be translated), images edited or deleted in the library
(one version for all cards) and each product's gallery rows (a version per product: rows written
by a publish, by an import or by code).
The card's templates and its translated strings are part of the digest too, so a deploy that
changes them never serves an old card.

A page of the catalogue or a storefront (`paginate(..., by_key=True)`) does not even load its
products to find their cards: the key is then a digest of the raw columns a card is made of (one
narrow `values_list` of the product, its stock record and its seller, and in another language
the live translation's text and address), and whole rows are loaded only for the cards missed.
Loading 24 products whole with their seller, category, region and stock took 4 of the 13 ms of
an uncached catalogue page; the narrow query takes well under one.

Nothing per visitor is in a card (no CSRF token, no cart): its only form-like part is the
WhatsApp link. The contact stylesheet, which the first WhatsApp button of a page links, is left
out of the fragments and linked once before the cards instead.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet, prefetch_related_objects
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.safestring import mark_safe

from wagtail.images import get_image_model

from pasarlokal.core import pagecache
from pasarlokal.core.caching import forget, forgetter
from pasarlokal.core.pagination import ByKey

from .contact.templatetags.contact_tags import contact_stylesheet
from .payment_providers import online_payment_available
from .products import ProductImage, ProductPage, gallery_prefetch
from .taxonomy import TAXONOMY_VERSION_KEY
from .translations import DEFAULT_LANGUAGE, locale_id_for

CARD_TEMPLATE = "components/product_card.html"
# What the card renders besides its own template: their sources are part of every key.
CARD_TEMPLATES = (
    CARD_TEMPLATE,
    "marketplace/includes/product_card_actions.html",
    "marketplace/contact/whatsapp_icon.svg",
)
# The card's own strings: a changed translation is a different card.
CARD_STRINGS = ("Out of stock", "Made to order", "Price on request", "Buy online", "from %(price)s")
PHOTOS_VERSION_KEY = "pasarlokal:card-photos-version"
PRODUCT_PHOTOS_KEY = "pasarlokal:card-photos:{}"  # .format(product pk)
KEY_PREFIX = "pasarlokal:card"


def timeout():
    return getattr(settings, "CARD_CACHE_SECONDS", 60 * 60 * 24)


def enabled():
    return getattr(settings, "CARD_CACHE_ENABLED", True)


@functools.cache
def _templates_digest(engine):
    sources = [engine.get_template(name).source for name in CARD_TEMPLATES]
    return hashlib.sha256("\0".join(sources).encode()).hexdigest()[:16]


@functools.cache
def _strings_digest(language):
    with translation.override(language):
        strings = [translation.gettext(text) for text in CARD_STRINGS]
    return hashlib.sha256("\0".join(strings).encode()).hexdigest()[:16]


def card_values(product):
    """Everything a card shows or links to, or that changes when its photos may have changed."""
    seller, category, region = product.seller, product.category, product.origin_region
    return (
        product.pk,
        product.title,
        product.summary,
        product.price,
        product.price_range,
        product.unit,
        product.stock_status,
        product.can_buy_online,
        product.category_id,
        category.name if category else None,
        product.origin_region_id,
        region.name if region else None,
        product.seller_id,
        seller.title if seller else None,
        seller.whatsapp if seller else None,
        product.url_path,
        getattr(product, "localized_url", None),
        getattr(product, "content_language", None),
        product.last_published_at,
        product.latest_revision_id,
    )


# Every column a card is made of (the card's template, its price, stock and "buy online" rules),
# for a key found without loading the products: the taxonomy names, the photos and whether
# online payment is offered are in the shared part and the versions, as for card_values.
CARD_COLUMNS = (
    "pk",
    "translation_key",
    "title",
    "summary",
    "unit",
    "made_to_order",
    "category_id",
    "origin_region_id",
    "seller_id",
    "url_path",
    "last_published_at",
    "latest_revision_id",
    "stock__quantity",
    "stock__price",
    "stock__sells_online",
    "stock__variant_count",
    "stock__variants_unpriced",
    "stock__variant_price_min",
    "stock__variant_price_max",
    "seller__title",
    "seller__whatsapp",
    "seller__sells_online",
)
# A translation lends a card its text and its address.
TRANSLATION_COLUMNS = ("translation_key", "title", "summary", "url_path", "latest_revision_id")


def card_rows(queryset, language):
    """[(pk, columns)] of the products of `queryset` in its order, with their live translation's
    columns in `language` (None if untranslated). One query, two in another language."""
    rows = list(queryset.values_list(*CARD_COLUMNS))
    translations = {}
    if language != DEFAULT_LANGUAGE and rows:
        translations = {
            row[0]: row
            for row in ProductPage.objects.live()
            .filter(
                translation_key__in=[row[1] for row in rows],
                locale_id=locale_id_for(language),
            )
            .values_list(*TRANSLATION_COLUMNS)
        }
    return [(row[0], (row, translations.get(row[1]))) for row in rows]


def card_key(product, eager, shared, photos_version):
    """The cache key of `product`'s card; `shared` holds what every card of the page shares."""
    values = (shared, eager, photos_version, card_values(product))
    digest = hashlib.sha256(repr(values).encode()).hexdigest()
    return f"{KEY_PREFIX}:{product.pk}:{digest[:32]}"


def _shared_parts(context, versions):
    request = context.get("request")
    language = translation.get_language() or settings.LANGUAGE_CODE
    return (
        language,
        context.get("LANGUAGE_CODE"),
        request.get_host() if request is not None else "",
        str(context.get("query") or ""),
        versions.get(TAXONOMY_VERSION_KEY),
        versions.get(PHOTOS_VERSION_KEY),
        _templates_digest(context.template.engine),
        _strings_digest(language),
    )


def _render(context, template, product, eager):
    with context.push(product=product, eager=eager):
        return template.render(context)


def render_cards(context, products, eager=0):
    """The cards of `products` (the first `eager` above the fold), from the cache where it can.

    `products` is a list of loaded products, or a page by key (ByKey) or an unevaluated
    queryset, whose products are loaded only for the cards the cache misses.
    Queries: none for the cards found (or the narrow card_rows for a page by key); for the
    missed ones, their photos and renditions (two), and their rows when not loaded yet.
    """
    keys = None
    if isinstance(products, ByKey):
        keys, products = products.keys, products.queryset
    if isinstance(products, QuerySet) and products._result_cache is None and enabled():
        return _render_unloaded(context, products, eager, keys)
    products = list(products)
    if not products:
        return ""
    template = context.template.engine.get_template(CARD_TEMPLATE)
    flags = [position < eager for position in range(len(products))]
    if not enabled():
        prefetch_related_objects(products, gallery_prefetch())
        html = [_render(context, template, p, f) for p, f in zip(products, flags, strict=True)]
        return mark_safe("".join(html))
    photo_keys = [PRODUCT_PHOTOS_KEY.format(product.pk) for product in products]
    versions = cache.get_many([TAXONOMY_VERSION_KEY, PHOTOS_VERSION_KEY, *photo_keys])
    shared = _shared_parts(context, versions)
    keys = [
        card_key(product, flag, shared, versions.get(photo_key))
        for product, flag, photo_key in zip(products, flags, photo_keys, strict=True)
    ]
    found = cache.get_many(keys)
    missed = [
        (key, product, flag)
        for key, product, flag in zip(keys, products, flags, strict=True)
        if key not in found
    ]
    _render_missed(context, template, missed, found)
    return _joined(context, products, keys, found)


def _render_unloaded(context, queryset, eager, keys=None):
    """render_cards for products not loaded: keyed by their columns (card_rows).

    A page by key (`keys`, in the queryset's order) reads its rows once per page-cache version
    while anonymous pages are served (pagecache.per_version_bounded; the rows are tuples)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if keys is None:
        rows = card_rows(queryset, language)
    else:
        digest = hashlib.sha256(repr(tuple(keys)).encode()).hexdigest()[:32]
        rows = pagecache.per_version_bounded(
            f"card-rows:{language}:{digest}", lambda: card_rows(queryset, language)
        )
    if not rows:
        return ""
    photo_keys = [PRODUCT_PHOTOS_KEY.format(pk) for pk, _columns in rows]
    versions = cache.get_many([TAXONOMY_VERSION_KEY, PHOTOS_VERSION_KEY, *photo_keys])
    shared = (*_shared_parts(context, versions), online_payment_available())
    keys = []
    for position, ((pk, columns), photo_key) in enumerate(zip(rows, photo_keys, strict=True)):
        values = ("columns", shared, position < eager, versions.get(photo_key), columns)
        digest = hashlib.sha256(repr(values).encode()).hexdigest()
        keys.append(f"{KEY_PREFIX}:{pk}:{digest[:32]}")
    found = cache.get_many(keys)
    missed_pks = [pk for (pk, _columns), key in zip(rows, keys, strict=True) if key not in found]
    whatsapp = any(columns[0][CARD_COLUMNS.index("seller__whatsapp")] for _pk, columns in rows)
    if missed_pks:
        loaded = {
            product.pk: product
            for product in ProductPage.objects.filter(pk__in=missed_pks).cards(photos=False)
        }
        template = context.template.engine.get_template(CARD_TEMPLATE)
        missed = [
            (key, loaded[pk], position < eager)
            for position, ((pk, _columns), key) in enumerate(zip(rows, keys, strict=True))
            if key not in found and pk in loaded
        ]
        _render_missed(context, template, missed, found)
    stylesheet = contact_stylesheet(context) if whatsapp else ""
    return mark_safe(stylesheet + "".join(found.get(key, "") for key in keys))


def _render_missed(context, template, missed, found):
    """Render the `missed` (key, product, eager) cards with their photos; store and add them."""
    if not missed:
        return
    prefetch_related_objects([product for _key, product, _flag in missed], gallery_prefetch())
    rendered = _render_without_stylesheet(context, template, missed)
    cache.set_many(rendered, timeout())
    found.update(rendered)


def _joined(context, products, keys, found):
    stylesheet = (
        contact_stylesheet(context) if any(p.seller and p.seller.whatsapp for p in products) else ""
    )
    return mark_safe(stylesheet + "".join(found[key] for key in keys))


def _render_without_stylesheet(context, template, missed):
    """{key: card HTML}: rendered as if the contact stylesheet were already linked on the page,
    so no fragment carries it (the page links it once, see render_cards)."""
    request = context.get("request")
    if request is None:
        return {key: _render(context, template, p, f) for key, p, f in missed}
    linked = getattr(request, "_contact_stylesheet_done", False)
    request._contact_stylesheet_done = True
    try:
        return {key: _render(context, template, p, f) for key, p, f in missed}
    finally:
        request._contact_stylesheet_done = linked


forget_card_photos = forgetter(PHOTOS_VERSION_KEY)
# Wagtail saves these on an image when it first measures it: nothing a card shows.
BOOKKEEPING_FIELDS = {"file_size", "file_hash"}


def _image_saved(sender, created=False, update_fields=None, **kwargs):
    """An edited image (file, crop) may be on any card; a new one is on none until a gallery
    row names it (which forgets that product's card)."""
    if created or (update_fields and set(update_fields) <= BOOKKEEPING_FIELDS):
        return
    forget_card_photos()


def _gallery_changed(sender, instance, **kwargs):
    """A gallery row written or deleted: that product's card only (every publish writes its
    rows, so a version for all cards would render every card again after any publish)."""
    forget(PRODUCT_PHOTOS_KEY.format(instance.product_id))


def connect():
    """What changes a card's photo besides the product's own row."""
    image = get_image_model()
    post_save.connect(_image_saved, sender=image, dispatch_uid="card-photos-save")
    post_delete.connect(forget_card_photos, sender=image, dispatch_uid="card-photos-delete")
    post_save.connect(_gallery_changed, sender=ProductImage, dispatch_uid="card-gallery-save")
    post_delete.connect(_gallery_changed, sender=ProductImage, dispatch_uid="card-gallery-delete")
