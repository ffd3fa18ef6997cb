"""Sellers: the directory, each seller's storefront page, and who may manage it."""

from wagtail_localize.fields import SynchronizedField

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from pasarlokal.core import pagecache
from pasarlokal.core.caching import PAGE_TREE, cached, forgetter
from pasarlokal.core.listing import live
from pasarlokal.core.pagination import paginate
from pasarlokal.core.phone import (
    display_phone,
    normalise_phone,
    normalise_whatsapp,
    validate_phone,
    validate_whatsapp,
)

from .breadcrumbs import home_crumb, with_current
from .facets import slug_param
from .payment_providers import online_payment_available
from .products import PRODUCTS_PER_PAGE, ProductPage
from .taxonomy import IN_DEFAULT_LOCALE, REGION, SECTOR, taxonomy_snapshot
from .translations import (
    LocalizedUrlMixin,
    default_locale_id,
    default_locale_pk,
    in_default_locale,
    listing_source,
    localized,
)

nib_validator = RegexValidator(
    r"^\d{13}$", _("The NIB (Nomor Induk Berusaha) has exactly 13 digits."), code="invalid_nib"
)


SELLERS_PER_PAGE = 24


# Forgotten when a product row is written or deleted (apps.py): created live by code, moved.
PRODUCT_ROWS = "pasarlokal:product-rows-version"


def live_product_counts():
    """{seller id: live products}: one GROUP BY, kept until a page is published, unpublished,
    moved or deleted (the page-tree version) or a product row is written.

    The directory counted each shown seller's products in a correlated subquery: 45 ms at
    10,000 products on PostgreSQL, on every render of every filter and page (and a COUNT
    DISTINCT over every seller before pagination took 1.2 s at 100,000 before that).
    """

    def compute():
        rows = (
            in_default_locale(ProductPage.objects.filter(live=True, seller_id__isnull=False))
            .order_by()
            .values("seller_id")
            .annotate(n=models.Count("pk"))
            .values_list("seller_id", "n")
        )
        return dict(rows)

    return cached("seller-product-counts", [], compute, 60 * 60, [PAGE_TREE, PRODUCT_ROWS])


forget_product_rows = forgetter(PRODUCT_ROWS)


def connect_product_counts():
    for signal in (post_save, post_delete):
        signal.connect(forget_product_rows, sender=ProductPage, dispatch_uid=f"rows-{signal!r}")


def with_product_counts(sellers):
    """`sellers` as a list, each with `product_count` (its live products)."""
    counts = live_product_counts()
    sellers = list(sellers)
    for seller in sellers:
        seller.product_count = counts.get(seller.pk, 0)
    return sellers


class SellerIndexPage(Page):
    """The seller directory (/penjual/)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["marketplace.SellerPage"]
    max_count = 1

    class Meta:
        verbose_name = _("seller directory")

    def route(self, request, path_components):
        # Fetch the seller with what its storefront shows in one query, instead of Wagtail's
        # generic child lookup followed by .specific (two queries, then more for the details).
        if path_components:
            seller = (
                SellerPage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("region", "sector", "logo")
                .first()
            )
            if seller is not None:
                seller._cached_parent_obj = self
                return seller.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        taxonomy = taxonomy_snapshot()
        region = taxonomy.region_by_slug.get(slug_param(request, REGION))
        sector = taxonomy.sector_by_slug.get(slug_param(request, SECTOR))
        sellers = (
            live(SellerPage.objects)
            .child_of(listing_source(self))
            .select_related("region", "sector", "logo")
            .prefetch_related("logo__renditions")
            .order_by("title", "pk")
        )
        if region:
            sellers = sellers.filter(region=region)
        if sector:
            # Its main sector, or any live product in that sector (a subquery: no duplicate rows).
            selling_in_sector = ProductPage.objects.filter(
                live=True, category__sector=sector
            ).values("seller_id")
            sellers = sellers.filter(models.Q(sector=sector) | models.Q(pk__in=selling_in_sector))
        sellers = localized(sellers, ("title",), terms=("region", "sector"))
        page = paginate(request, sellers, SELLERS_PER_PAGE)
        page.object_list = with_product_counts(page.object_list)
        context.update(
            {
                "breadcrumbs": with_current([home_crumb()], self.title),
                "sellers": page.object_list,
                "page_obj": page,
                "regions": taxonomy.regions,
                "sectors": taxonomy.sectors,
                "selected_region": region,
                "selected_sector": sector,
                "filtered": bool(region or sector),
            }
        )
        return context


class SellerPage(LocalizedUrlMixin, Page):
    """A seller's storefront. Its products are its child pages."""

    # Taxonomy stays the Indonesian row in every language (its names are translated).
    override_translatable_fields = [SynchronizedField("region"), SynchronizedField("sector")]

    owner_name = models.CharField(_("owner name"), max_length=120)
    story = RichTextField(_("story"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    region = models.ForeignKey(
        "marketplace.Region",
        limit_choices_to=IN_DEFAULT_LOCALE,
        verbose_name=_("region"),
        null=True,
        on_delete=models.PROTECT,
        related_name="sellers",
    )
    sector = models.ForeignKey(
        "marketplace.Sector",
        limit_choices_to=IN_DEFAULT_LOCALE,
        verbose_name=_("main sector"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sellers",
    )
    address = models.TextField(_("address"), blank=True)
    whatsapp = models.CharField(
        _("WhatsApp number"),
        max_length=20,
        blank=True,
        validators=[validate_whatsapp],
        help_text=_("A mobile number such as 0812-3456-7890 or +62 812 3456 7890."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    website_url = models.URLField(_("website"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    tiktok_url = models.URLField(_("TikTok"), blank=True)
    nib = models.CharField(_("NIB"), max_length=13, blank=True, validators=[nib_validator])
    sells_online = models.BooleanField(
        _("sells online"),
        default=False,
        help_text=_("Shoppers can pay online (Stripe) for this seller's products."),
    )
    shipping_notes = models.TextField(_("shipping notes"), blank=True)
    pickup_notes = models.TextField(_("pickup notes"), blank=True)
    shipping_fee = models.PositiveIntegerField(
        _("flat shipping fee (Rp)"), default=0, validators=[MinValueValidator(0)]
    )
    offers_pickup = models.BooleanField(_("offers pickup"), default=True)
    returns_note = models.TextField(
        _("returns and exchanges"),
        max_length=500,
        blank=True,
        help_text=_(
            "Shown on your product pages, e.g. “Damaged on arrival? Send a photo on WhatsApp "
            "within 2 days and we send a new one.”"
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("owner_name"),
        FieldPanel("story"),
        FieldPanel("logo"),
        InlinePanel("photos", label=_("Photos"), max_num=12),
        MultiFieldPanel(
            [FieldPanel("region"), FieldPanel("sector"), FieldPanel("address"), FieldPanel("nib")],
            heading=_("Business"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("whatsapp"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website_url"),
                FieldPanel("instagram_url"),
                FieldPanel("facebook_url"),
                FieldPanel("tiktok_url"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("sells_online"),
                FieldPanel("shipping_fee"),
                FieldPanel("shipping_notes"),
                FieldPanel("offers_pickup"),
                FieldPanel("pickup_notes"),
                FieldPanel("returns_note"),
            ],
            heading=_("Selling and delivery"),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("owner_name"),
        index.SearchField("story"),
        index.AutocompleteField("title"),
        index.FilterField("region"),
        index.FilterField("sector"),
        index.RelatedFields("region", [index.SearchField("name")]),
        index.RelatedFields("sector", [index.SearchField("name")]),
    ]

    parent_page_types = ["marketplace.SellerIndexPage"]
    subpage_types = ["marketplace.ProductPage"]

    class Meta:
        verbose_name = _("seller")
        verbose_name_plural = _("sellers")
        permissions = [
            ("manage_all_sellers", _("Can see and manage every seller's enquiries and orders")),
        ]

    def clean(self):
        super().clean()
        # Stored normalised (62…) so links and counting never depend on how it was typed.
        # An invalid number is reported once, on its own field, by the field's validator.
        self._normalise_numbers()

    def save(self, *args, **kwargs):
        self._normalise_numbers()
        return super().save(*args, **kwargs)

    def _normalise_numbers(self):
        for field, normalise in (("whatsapp", normalise_whatsapp), ("phone", normalise_phone)):
            value = getattr(self, field)
            if value:
                try:
                    setattr(self, field, normalise(value))
                except ValidationError:
                    pass

    @property
    def takes_online_payment(self):
        """Sells online and a payment provider is configured: the "Buy online" badge."""
        return self.sells_online and online_payment_available()

    @property
    def business_name(self):
        return self.title

    @property
    def social_links(self):
        links = [
            ("Website", self.website_url),
            ("Instagram", self.instagram_url),
            ("Facebook", self.facebook_url),
            ("TikTok", self.tiktok_url),
        ]
        return [(name, url) for name, url in links if url]

    def route(self, request, path_components):
        if path_components and not self.live:
            # A storefront taken offline takes its products with it (signals.py unpublishes
            # them too): Wagtail itself would still serve a live page under an unpublished one.
            raise Http404
        # A product page with its category, region and stock in one query (see the directory).
        if path_components:
            product = (
                ProductPage.objects.child_of(self)
                .with_source()
                .filter(slug=path_components[0])
                .select_related("category__sector", "origin_region", "stock")
                .first()
            )
            if product is not None:
                product._cached_parent_obj = self
                if product.seller_id == self.pk:
                    product.seller = self
                elif product.is_translation and self.locale_id == product.locale_id:
                    # Shown as this language's storefront; seller_id stays the business's.
                    ProductPage.seller.field.set_cached_value(product, self)
                return product.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        directory = self.get_parent()
        context["breadcrumbs"] = with_current(
            [home_crumb(), {"title": directory.title, "url": directory.get_url(request)}],
            self.title,
        )
        if self.pk and not self._meta.get_field("region").is_cached(self):
            related = SellerPage.objects.select_related("region", "sector", "logo").get(pk=self.pk)
            self.region, self.sector, self.logo = related.region, related.sector, related.logo
        seller_pk = default_locale_pk(self)
        products = (
            ProductPage.objects.listed()
            .cards(photos=False)  # loaded by {% product_cards %} for the cards it must render
            .filter(seller_id=seller_pk)
            .order_by(models.F("first_published_at").desc(nulls_last=True), "-pk")
        )
        page = paginate(
            request, products, PRODUCTS_PER_PAGE, by_key=True, kept_as=("storefront", seller_pk)
        )
        if self.pk and not getattr(request, "is_preview", False):
            # The saved photos, kept per page-cache version (a preview shows the editor's).
            photos = pagecache.per_version_copied(f"seller-photos:{self.pk}", self._photos)
        else:
            photos = self._photos()
        context.update({"products": page.object_list, "page_obj": page, "photos": photos})
        return context

    def _photos(self):
        return list(self.photos.select_related("image").prefetch_related("image__renditions"))

    @property
    def words_language(self):
        """The language of the seller's own words (notes, policies): Indonesian unless this
        storefront is a real translation (a copy made for a translated product is not)."""
        if self.alias_of_id or self.locale_id == default_locale_id():
            return settings.LANGUAGE_CODE
        return self.locale.language_code

    @property
    def whatsapp_display(self):
        return display_phone(self.whatsapp)

    @property
    def phone_display(self):
        return display_phone(self.phone)


class SellerPhoto(Orderable):
    seller = ParentalKey(SellerPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(
        _("description for screen readers"),
        max_length=200,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]


class SellerMember(models.Model):
    """A user account that manages a seller. Kept outside the page so revisions never touch it."""

    seller = models.ForeignKey(
        SellerPage, verbose_name=_("seller"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="seller_memberships",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seller", "user"], name="unique_seller_member"),
        ]
        verbose_name = _("seller member")
        verbose_name_plural = _("seller members")

    def __str__(self):
        return f"{self.user} → {self.seller}"
