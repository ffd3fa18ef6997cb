"""Products: the product page, its gallery and certificates, and its stock record.

Price, stock and the sell-online switch live in StockRecord, outside page revisions: publishing
an older revision must never restore a stale stock figure or price (see DESIGN.md).
"""

import re
from html import unescape

from wagtail_localize.fields import SynchronizedField

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import F, Prefetch, Q, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from pasarlokal.core import pagecache
from pasarlokal.core.listing import live, rendition_prefetch
from pasarlokal.core.money import RupiahField

from .breadcrumbs import catalogue_link, product_trail
from .payment_providers import enabled_providers, online_payment_available
from .seo import product_json_ld, product_social_meta
from .taxonomy import IN_DEFAULT_LOCALE
from .translations import (
    LocalizedCardIterable,
    LocalizedUrlMixin,
    default_locale_id,
    default_locale_pk,
    in_default_locale,
    source_pk_subquery,
)


class ProductTag(TaggedItemBase):
    content_object = ParentalKey(
        "marketplace.ProductPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


# What one order line may hold unless the seller says otherwise: enough for a family or a small
# shop, not a product's whole stock for the half hour an unpaid order keeps it.
DEFAULT_MAX_PER_ORDER = 20
STOCK_LOADED_FIELD = "stock_loaded"


def stock_changed_message(now):
    return _(
        "Stock changed since you opened this — now %(now)s (orders took or returned units). "
        "Check the figure and save again."
    ) % {"now": now}


class StockQuantityInput(forms.NumberInput):
    """The stock field, plus a hidden copy of the figure it was loaded with (no JavaScript).

    Saving compares the stock with that copy, so units reserved by shoppers while the form was
    open are never overwritten (see `apply_pending_offer`).
    """

    loaded = None

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if self.loaded is None:
            return html
        return html + format_html(
            '<input type="hidden" name="{}" value="{}">', STOCK_LOADED_FIELD, self.loaded
        )


class ProductPageForm(WagtailAdminPageForm):
    """The product editor also edits price and stock, which are saved to the StockRecord."""

    variant_stock = False

    price = RupiahField(
        label=_("Price (Rp)"),
        required=False,
        help_text=_("Whole rupiah, e.g. 2.750.000. Leave empty for “price on request”."),
    )
    stock_quantity = forms.IntegerField(
        label=_("Stock"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        initial=0,
        widget=StockQuantityInput,
    )
    max_per_order = forms.IntegerField(
        label=_("Maximum per order"),
        required=False,
        min_value=1,
        max_value=1_000_000,
        initial=DEFAULT_MAX_PER_ORDER,
        help_text=_("The most one shopper can buy in one order."),
    )
    sells_online = forms.BooleanField(
        label=_("Can be bought online"),
        required=False,
        initial=True,
        help_text=_("Only applies when the seller sells online."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk:
            stock = StockRecord.objects.filter(product_id=instance.pk).first()
            if stock:
                self.initial.setdefault("price", stock.price)
                self.initial.setdefault("stock_quantity", stock.quantity)
                self.initial.setdefault("sells_online", stock.sells_online)
                self.initial.setdefault("max_per_order", stock.max_per_order)
                self._show_loaded_stock(stock.quantity)
                if stock.variant_count:
                    # The stock is the sum of the sizes/colours, each kept on "Stok & harga".
                    self.variant_stock = True
                    field = self.fields["stock_quantity"]
                    field.disabled = True
                    field.help_text = _(
                        "The total of its sizes or colours: change each one on “Stock & price”."
                    )

    def _show_loaded_stock(self, quantity):
        self.fields["stock_quantity"].widget = widget = StockQuantityInput()
        widget.loaded = quantity

    def loaded_stock(self):
        """The stock figure the seller saw, or None (a new product, or an old client)."""
        try:
            return int(self.data.get(STOCK_LOADED_FIELD))
        except (TypeError, ValueError):
            return None

    def clean(self):
        cleaned = super().clean()
        loaded = self.loaded_stock()
        quantity = cleaned.get("stock_quantity") or 0
        if (
            loaded is not None
            and not self.variant_stock
            and quantity != loaded
            and self.instance.pk
        ):
            now = (
                StockRecord.objects.filter(product_id=self.instance.pk)
                .values_list("quantity", flat=True)
                .first()
            )
            if now is not None and now != loaded:
                self.add_error("stock_quantity", stock_changed_message(now))
                # The form comes back knowing the new figure: saving again applies the seller's.
                self._show_loaded_stock(now)
        return cleaned

    def reuse_gallery_rows_saved_meanwhile(self):
        """A new gallery row whose photo is already in a row this form does not list is that row.

        Wagtail's background autosave adds the rows and sends their ids back to the page; a
        Submit sent before that answer arrives lists the same photo again without an id, and
        would add it a second time. Seen from a slow phone, it is the same row.
        """
        formset = self.formsets.get("gallery_images") if hasattr(self, "formsets") else None
        if formset is None or not self.instance.pk:
            return
        listed = {form.instance.pk for form in formset.forms if form.instance.pk}
        unlisted = {
            row.image_id: row.pk
            for row in ProductImage.objects.filter(product_id=self.instance.pk).exclude(
                pk__in=listed
            )
        }
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            image = data.get("image")
            if form.instance.pk or not image or data.get("DELETE"):
                continue
            existing = unlisted.pop(image.pk, None)
            if existing is not None:
                form.instance.pk = existing

    def save(self, commit=True):
        self.reuse_gallery_rows_saved_meanwhile()
        page = super().save(commit=False)
        quantity = self.cleaned_data.get("stock_quantity") or 0
        loaded = self.loaded_stock()
        page._pending_offer = {
            "price": self.cleaned_data.get("price"),
            # Unchanged: leave the stock alone (reservations may have moved it since loading).
            "quantity": None
            if self.variant_stock or (loaded is not None and quantity == loaded)
            else quantity,
            "expected_quantity": loaded,
            "sells_online": bool(self.cleaned_data.get("sells_online")),
            "max_per_order": self.cleaned_data.get("max_per_order") or DEFAULT_MAX_PER_ORDER,
        }
        if commit:
            page.save()
        return page


PRODUCTS_PER_PAGE = 24

# "Can be paid for": a price, and stock or made to order. The cart takes exactly these.
BUYABLE = Q(stock__price__isnull=False) & (Q(stock__quantity__gt=0) | Q(made_to_order=True))
# "Buy online": buyable, and both the product and its seller sell online. The badge
# (ProductPage.can_buy_online), the catalogue's facet and the cart's pay-online all mean this.
# Only while a payment provider is configured: without one the site takes WhatsApp orders only,
# so buy_online() is then nothing and not_buy_online() everything.
BUY_ONLINE = BUYABLE & Q(stock__sells_online=True, seller__sells_online=True)
# The complement of BUY_ONLINE, spelled out so SQL NULLs cannot drop a product from both.
NOT_BUY_ONLINE = (
    (Q(stock__quantity__lte=0) & Q(made_to_order=False))
    | Q(stock__sells_online=False)
    | Q(stock__price__isnull=True)
    | Q(seller__sells_online=False)
)
NOTHING = Q(pk__in=[])


def buy_online():
    """BUY_ONLINE as it stands now: nothing while no payment provider is configured."""
    return BUY_ONLINE if online_payment_available() else NOTHING


def not_buy_online():
    """The complement of buy_online()."""
    return NOT_BUY_ONLINE if online_payment_available() else Q()


def gallery_prefetch():
    """Each product's photos with their images and renditions: two queries for any number."""
    return Prefetch(
        "gallery_images",
        queryset=ProductImage.objects.select_related("image").prefetch_related(
            rendition_prefetch("image")
        ),
    )


LEADING_PARAGRAPH = re.compile(r"\s*<p(?:\s[^>]*)?>(.*?)</p>", re.S)


def _plain(html):
    """Rich text as the words a reader sees, for comparing two texts."""
    return " ".join(unescape(strip_tags(html or "")).split()).casefold()


class ProductPageQuerySet(PageQuerySet):
    def listed(self):
        """Products a shopper may see: live, not in a private section, one row per product
        (the default-locale page; translations only lend their text, see translations.py)."""
        return in_default_locale(live(self))

    def cards(self, photos=True):
        """With everything a product card shows, in a constant number of queries (plus one for
        the translated titles when the visitor's language is not the default).

        `photos=False` leaves the photos and renditions out, for `{% product_cards %}`, which
        loads them only for the cards it does not find in the card cache (card_cache.py)."""
        queryset = self.select_related(
            "category__sector", "seller", "origin_region", "stock"
        ).defer("description")
        if photos:
            queryset = queryset.prefetch_related(gallery_prefetch())
        queryset._iterable_class = LocalizedCardIterable
        return queryset

    def with_source(self):
        """Each page with `source_pk`: its default-locale page (itself for Indonesian pages)."""
        return self.annotate(source_pk=source_pk_subquery())

    def buyable_online(self):
        return self.filter(buy_online())

    def newest_across_sellers(self):
        """Newest first, but every seller's newest before anyone's second (and so on).

        Each product carries `seller_rank` (1 = its seller's newest), so a short "newest
        products" strip shows several sellers rather than one seller's latest upload batch.
        """
        newest = [F("first_published_at").desc(nulls_last=True), F("pk").desc()]
        return self.annotate(
            seller_rank=Window(RowNumber(), partition_by=[F("seller_id")], order_by=newest)
        ).order_by("seller_rank", *newest)

    def not_buyable_online(self):
        return self.filter(not_buy_online())


class ProductPage(LocalizedUrlMixin, Page):
    # Taxonomy stays the Indonesian row in every language (its names are translated).
    override_translatable_fields = [
        SynchronizedField("category"),
        SynchronizedField("origin_region"),
    ]
    summary = models.CharField(_("summary"), max_length=240, blank=True)
    description = RichTextField(_("description"), blank=True)
    category = models.ForeignKey(
        "marketplace.Category",
        limit_choices_to=IN_DEFAULT_LOCALE,
        verbose_name=_("category"),
        null=True,
        on_delete=models.PROTECT,
        related_name="products",
    )
    # Set from the parent on every save, so listings can filter and join without walking the tree.
    seller = models.ForeignKey(
        "marketplace.SellerPage",
        verbose_name=_("seller"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="products",
    )
    unit = models.CharField(
        _("unit"), max_length=30, default="pcs", help_text=_("e.g. pcs, kg, lembar, botol")
    )
    minimum_order = models.PositiveIntegerField(
        _("minimum order"), default=1, validators=[MinValueValidator(1)]
    )
    made_to_order = models.BooleanField(_("made to order"), default=False)
    materials = models.CharField(_("materials"), max_length=240, blank=True)
    shelf_life = models.CharField(
        _("shelf life and storage"),
        max_length=160,
        blank=True,
        help_text=_("For food and drink, e.g. “6 months, store in a dry place”."),
    )
    origin_region = models.ForeignKey(
        "marketplace.Region",
        limit_choices_to=IN_DEFAULT_LOCALE,
        verbose_name=_("origin region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
        help_text=_("Defaults to the seller's region."),
    )
    tags = ClusterTaggableManager(through=ProductTag, blank=True, verbose_name=_("tags"))

    objects = PageManager.from_queryset(ProductPageQuerySet)()

    base_form_class = ProductPageForm

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("category"),
        InlinePanel("gallery_images", label=_("Photos"), min_num=0, max_num=10),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("price"), FieldPanel("unit")]),
                FieldRowPanel([FieldPanel("stock_quantity"), FieldPanel("minimum_order")]),
                FieldPanel("max_per_order"),
                FieldPanel("sells_online"),
                FieldPanel("made_to_order"),
            ],
            heading=_("Price and stock"),
        ),
        FieldPanel("description"),
        FieldPanel("materials"),
        FieldPanel("shelf_life"),
        FieldPanel("origin_region"),
        FieldPanel("tags"),
    ]

    # The name weighs far more than the description: "Tenun Songket …" above a sticker that
    # mentions tenun (on PostgreSQL the boosts become tsvector weights A–D).
    # Page's own title field (boost 2) stays: Wagtail's check expects it; the later one wins.
    search_fields = Page.search_fields + [
        index.SearchField("title", boost=10),
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.SearchField("materials"),
        index.AutocompleteField("title"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("seller", [index.SearchField("title")]),
        index.RelatedFields("origin_region", [index.SearchField("name")]),
        index.FilterField("category"),
        index.FilterField("seller"),
        index.FilterField("origin_region"),
    ]

    parent_page_types = ["marketplace.SellerPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def save(self, *args, **kwargs):
        if self.path and self.depth and self.depth > 1:
            parent = self.get_parent()
            if parent is not None:
                # A translation belongs to the same business as its source: the seller is the
                # default-locale storefront whichever language's tree the page sits in.
                self.seller_id = default_locale_pk(parent) or parent.pk
                if self.origin_region_id is None:
                    self.origin_region_id = getattr(parent.specific, "region_id", None)
        return super().save(*args, **kwargs)

    # --- One product, two languages -------------------------------------------------------

    @property
    def is_translation(self):
        # Asked several times per card (price, stock, buy online, the card cache's key): the
        # answer is kept per locale on the instance instead of one cache read each time.
        known = self.__dict__.get("_is_translation")
        if known is None or known[0] != self.locale_id:
            answer = self.locale_id is not None and self.locale_id != default_locale_id()
            known = self.__dict__["_is_translation"] = (self.locale_id, answer)
        return known[1]

    @property
    def product_id(self):
        """The id stock, cart lines, clicks, enquiries and orders are keyed by: the
        default-locale page's (this page's own, unless it is a translation)."""
        if not self.is_translation:
            return self.pk
        if not hasattr(self, "source_pk"):
            self.source_pk = default_locale_pk(self)
        return self.source_pk

    @property
    def description_body(self):
        """The description without the summary it repeats: the page shows the summary already.

        A first paragraph whose text is the summary is left out; nothing is left out otherwise.
        """
        description = self.description or ""
        summary = _plain(self.summary)
        first = LEADING_PARAGRAPH.match(description)
        if summary and first and _plain(first.group(1)) == summary:
            description = description[first.end() :]
        return description if _plain(description) else ""

    @property
    def first_image(self):
        images = list(self.gallery_images.all())
        return images[0] if images else None

    # --- What shoppers see: price, stock and how to buy -----------------------------------

    @property
    def offer(self):
        """The StockRecord (price, quantity, online switch), or None if it is missing.

        A translation has none of its own: it shows (and sells) its source's."""
        if self.is_translation:
            if not hasattr(self, "_source_offer"):
                self._source_offer = StockRecord.objects.filter(product_id=self.product_id).first()
            return self._source_offer
        try:
            return self.stock
        except StockRecord.DoesNotExist:
            return None

    @property
    def price(self):
        offer = self.offer
        return offer.price if offer else None

    @property
    def has_variants(self):
        offer = self.offer
        return bool(offer and offer.variant_count)

    @property
    def price_range(self):
        """(lowest, highest) when its sizes or colours cost different amounts, else None."""
        offer = self.offer
        return offer.price_range if offer else None

    @property
    def price_from(self):
        """The lowest price, for a card's "from Rp…" (the product's price without variants)."""
        prices = self.price_range
        return prices[0] if prices else self.price

    @property
    def in_stock(self):
        offer = self.offer
        return bool(offer and offer.quantity > 0)

    @property
    def stock_status(self):
        """ "in_stock", "made_to_order" or "out_of_stock"."""
        if self.in_stock:
            return "in_stock"
        return "made_to_order" if self.made_to_order else "out_of_stock"

    @property
    def is_buyable(self):
        """BUYABLE for one product: it can go in a cart."""
        offer = self.offer
        return bool(
            offer and offer.price is not None and (offer.quantity > 0 or self.made_to_order)
        )

    @property
    def can_buy_online(self):
        """BUY_ONLINE for one product: the "Buy online" badge, and the cart's pay-online."""
        offer = self.offer
        seller = self.seller
        return bool(
            self.is_buyable
            and offer.sells_online
            and seller is not None
            and seller.sells_online
            and online_payment_available()
        )

    def load_relations(self):
        """Attach category, sector, seller, region and stock in one query.

        SellerPage.route() already fetches them with the page; this is for other ways in
        (previews, direct serve calls).
        """
        if self.pk is None or self._meta.get_field("category").is_cached(self):
            return
        related = (
            ProductPage.objects.with_source()
            .select_related(
                "category__sector", "seller__region", "seller__logo", "origin_region", "stock"
            )
            .defer("description")
            .get(pk=self.pk)
        )
        self.category = related.category
        self.seller = related.seller
        self.origin_region = related.origin_region
        self.source_pk = related.source_pk
        try:
            self.stock = related.stock
        except StockRecord.DoesNotExist:
            pass

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.load_relations()
        if self.pk and not getattr(request, "is_preview", False):
            # The same for every visitor until anything on a public page changes: kept per
            # page-cache version while anonymous pages are served (each request its own copy).
            shown = pagecache.per_version_copied(
                f"product-page:{self.pk}:{translation.get_language()}:{timezone.localdate()}",
                self._shown,
            )
            self._prefetched_objects_cache = shown.pop("prefetched")
            if "source_offer" in shown:
                self._source_offer = shown.pop("source_offer")
        else:
            # A preview shows the photos from the editor's form, not the saved ones.
            shown = {
                "gallery": list(self.gallery_images.all()),
                "variants": self._variants(),
                "certificates": self._certificates(),
                "related_products": self._related_products(),
            }
        variants = shown["variants"]
        catalogue_url, catalogue_title = catalogue_link(request)
        context.update(
            {
                "gallery": shown["gallery"],
                "variants": variants,
                "variant_kinds": sorted({variant.get_kind_display() for variant in variants}),
                "breadcrumbs": product_trail(self, catalogue_url, catalogue_title),
                "catalogue_url": catalogue_url,
                "certificates": shown["certificates"],
                "related_products": shown["related_products"],
                # How paying online works, named in the "Shipping & payment" block.
                "payment_methods": ", ".join(
                    str(provider.choice_label) for provider in enabled_providers()
                ),
                "json_ld": product_json_ld(self, request, shown["gallery"]),
                "social_meta": product_social_meta(self, request, shown["gallery"]),
            }
        )
        return context

    def _shown(self):
        """What the product page reads besides the product: its photos (with their renditions),
        sizes and colours, current certificates and the related products."""
        # The related cards load their photos only when the card cache misses them.
        prefetch_related_objects([self], gallery_prefetch())
        shown = {}
        if self.is_translation:
            shown["source_offer"] = self.offer  # the source's stock and price
        return shown | {
            "gallery": list(self.gallery_images.all()),
            "prefetched": self._prefetched_objects_cache,
            "variants": self._variants(),
            "certificates": self._certificates(),
            "related_products": self._related_products(),
        }

    def _certificates(self):
        if not self.pk:
            return []
        return list(
            Certificate.objects.filter(product_id=self.product_id)
            .current()
            .select_related("certification_type")
        )

    def _related_products(self):
        if not self.category_id:
            return []
        return list(
            ProductPage.objects.listed()
            .cards(photos=False)
            .filter(category_id=self.category_id)
            .exclude(pk=self.product_id)
            .order_by("-first_published_at", "-pk")[:4]
        )

    def _variants(self):
        # Sizes/colours cost a query only on the products that have them (the record says so).
        # A translation sells its source's sizes (one stock per product, in every language).
        if self.pk and self.has_variants:
            return list(self.variants.model.objects.filter(product_id=self.product_id))
        return []


class ProductImage(Orderable):
    product = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(
        _("description for screen readers"),
        max_length=200,
        help_text=_("What the photo shows, e.g. “Red songket cloth with gold thread, folded”."),
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]


# The stock record's fields that the catalogue's facet tally counts by (marketplace.tally).
TALLIED_STOCK_FIELDS = {"quantity", "price", "sells_online"}


# Sent after a queryset update of stock records changed any of TALLIED_STOCK_FIELDS, with the
# `product_ids` it may have changed (the facet tally listens: marketplace.signals).
stock_updated = Signal()


class StockRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # Stock and price show on public pages; conditional UPDATEs send no post_save signal.
        # Read before: the filter may name the very columns the update changes.
        products = (
            list(self.values_list("pk", flat=True)) if TALLIED_STOCK_FIELDS & set(kwargs) else []
        )
        updated = super().update(**kwargs)
        if updated:
            pagecache.bump()
            if products:
                stock_updated.send(sender=StockRecord, product_ids=products)
        return updated


class StockRecord(models.Model):
    """Price, stock and the online switch of one product, changed outside the page editor's revisions."""

    product = models.OneToOneField(
        ProductPage, primary_key=True, on_delete=models.CASCADE, related_name="stock"
    )
    quantity = models.IntegerField(_("stock"), default=0)
    price = models.PositiveBigIntegerField(
        _("price (Rp)"), null=True, blank=True, help_text=_("Empty means price on request.")
    )
    sells_online = models.BooleanField(_("can be bought online"), default=True)
    max_per_order = models.PositiveIntegerField(
        _("maximum per order"),
        default=DEFAULT_MAX_PER_ORDER,
        validators=[MinValueValidator(1)],
        help_text=_("The most one shopper can buy in one order."),
    )
    # A summary of the product's variants (marketplace.variants keeps it), read by cards and the
    # product page without another query. With variants, `quantity` is their sum.
    variant_count = models.PositiveIntegerField(_("variants"), default=0)
    variants_unpriced = models.PositiveIntegerField(default=0)
    variant_price_min = models.PositiveBigIntegerField(null=True, blank=True)
    variant_price_max = models.PositiveBigIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StockRecordQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="stock_quantity_not_negative"
            ),
        ]
        # The catalogue sorts and filters by price and by what is in stock.
        indexes = [
            models.Index(fields=["price"], name="stockrecord_price"),
            models.Index(fields=["quantity"], name="stockrecord_quantity"),
        ]
        verbose_name = _("stock record")

    def __str__(self):
        return f"{self.product_id}: {self.quantity}"

    @property
    def price_on_request(self):
        return self.price is None

    @property
    def has_variants(self):
        return self.variant_count > 0

    @property
    def price_range(self):
        """(lowest, highest) price over the variants when they differ, else None."""
        if not self.variant_count:
            return None
        prices = {p for p in (self.variant_price_min, self.variant_price_max) if p is not None}
        if self.variants_unpriced and self.price is not None:
            prices.add(self.price)
        if len(prices) < 2:
            return None
        return min(prices), max(prices)


def reserve_stock(product_id, quantity):
    """Take `quantity` units if that many are there; True on success. One conditional UPDATE."""
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    # A product with sizes or colours is bought by variant (marketplace.variants), never whole.
    updated = StockRecord.objects.filter(
        product_id=product_id, quantity__gte=quantity, variant_count=0
    ).update(quantity=F("quantity") - quantity, updated_at=timezone.now())
    return updated == 1


def release_stock(product_id, quantity):
    """Give back units taken by `reserve_stock` (not to a product that has since got variants:
    its stock is theirs now)."""
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    StockRecord.objects.filter(product_id=product_id, variant_count=0).update(
        quantity=F("quantity") + quantity, updated_at=timezone.now()
    )


def ensure_stock_record(product, **values):
    record, created = StockRecord.objects.get_or_create(product_id=product.pk, defaults=values)
    if not created and values:
        StockRecord.objects.filter(pk=record.pk).update(**values, updated_at=timezone.now())
        record.refresh_from_db()
    return record


class CertificateQuerySet(models.QuerySet):
    def current(self):
        """Not expired (valid through their valid-until day, in the site's time zone)."""
        return self.filter(valid_until__gte=timezone.localdate())

    def verified(self):
        return self.filter(verified=True)


class Certificate(models.Model):
    """A product's certificate (Halal, P-IRT, BPOM, SNI…). Only editors set `verified`.

    Kept outside the page so verification is never undone by publishing an old revision.
    """

    product = models.ForeignKey(
        ProductPage,
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    certification_type = models.ForeignKey(
        "marketplace.CertificationType",
        limit_choices_to=IN_DEFAULT_LOCALE,
        verbose_name=_("type"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    number = models.CharField(_("number"), max_length=80)
    valid_until = models.DateField(_("valid until"))
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified = models.BooleanField(_("verified"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["certification_type__sort_order", "valid_until"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        return f"{self.certification_type} {self.number}"

    def clean(self):
        super().clean()
        if self.certification_type_id and self.number:
            self.number = self.number.strip()
            cert_type = self.certification_type
            if not cert_type.number_matches(self.number):
                example = cert_type.number_example
                message = _("This is not a valid %(type)s number.") % {"type": cert_type}
                if example:
                    message = _("This is not a valid %(type)s number, e.g. %(example)s.") % {
                        "type": cert_type,
                        "example": example,
                    }
                raise ValidationError({"number": message})

    @property
    def is_current(self):
        return self.valid_until >= timezone.localdate()

    def mark_verified(self, user):
        self.verified = True
        self.verified_by = user
        self.verified_at = timezone.now()
        self.save(update_fields=["verified", "verified_by", "verified_at"])

    def clear_verification(self):
        self.verified = False
        self.verified_by = None
        self.verified_at = None


@transaction.atomic
def apply_pending_offer(product):
    """Write the price/stock typed in the product editor to the product's StockRecord."""
    offer = getattr(product, "_pending_offer", None)
    if offer is None:
        StockRecord.objects.get_or_create(product_id=product.pk)
        return
    offer = dict(offer)
    quantity = offer.pop("quantity", None)
    expected = offer.pop("expected_quantity", None)
    record, created = StockRecord.objects.get_or_create(
        product_id=product.pk, defaults={**offer, "quantity": quantity or 0}
    )
    if not created:
        StockRecord.objects.filter(pk=record.pk).update(**offer, updated_at=timezone.now())
        if quantity is not None:
            set_stock(product.pk, quantity, expected)
    product._pending_offer = None


def set_stock(product_id, quantity, expected=None):
    """Set the stock to `quantity` if it is still `expected` (compare-and-set); True if set.

    `expected=None` sets it unconditionally (the demo seeder, old clients)."""
    records = StockRecord.objects.filter(product_id=product_id)
    if expected is not None:
        records = records.filter(quantity=expected)
    return records.update(quantity=quantity, updated_at=timezone.now()) == 1
