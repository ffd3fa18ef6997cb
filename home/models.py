import copy

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page, Site

from campaign.events import EventPage
from campaign.pledges import PLEDGE_COUNTER_MAX_AGE, pledge_context, pledge_post
from campaign.stories import StoryPage
from marketplace.catalogue import CatalogueIndexPage
from marketplace.products import ProductPage
from marketplace.taxonomy import TAXONOMY_VERSION_KEY, Sector
from pasarlokal.core import pagecache
from pasarlokal.core.caching import PAGE_TREE, cached
from pasarlokal.core.pagination import ByKey

MAX_FEATURED_PRODUCTS = 8


class HomePage(Page):
    """The site root: an editable hero, then the sections editors curate."""

    hero_heading = models.CharField(_("hero heading"), max_length=120, blank=True)
    hero_text = models.TextField(_("hero text"), max_length=400, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_cta_label = models.CharField(_("call to action label"), max_length=60, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("call to action page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_cta_url = models.URLField(
        _("call to action link"),
        blank=True,
        help_text=_("Used when no page is chosen."),
    )

    # Curated sections, in the order they appear. A section with nothing to show is left out.
    featured_story = models.ForeignKey(
        "campaign.StoryPage",
        verbose_name=_("featured story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to feature the newest story."),
    )
    products_heading = models.CharField(
        _("products heading"), max_length=120, blank=True, default="Produk pilihan"
    )
    products_count = models.PositiveSmallIntegerField(
        _("number of products"),
        default=MAX_FEATURED_PRODUCTS,
        validators=[MaxValueValidator(MAX_FEATURED_PRODUCTS)],
        help_text=_(
            "Products chosen below come first; without a choice the newest are shown. 0 hides the section."
        ),
    )
    show_sectors = models.BooleanField(_("show sector tiles"), default=True)
    sectors_heading = models.CharField(
        _("sectors heading"), max_length=120, blank=True, default="Belanja menurut sektor"
    )
    events_heading = models.CharField(
        _("events heading"), max_length=120, blank=True, default="Agenda terdekat"
    )
    events_count = models.PositiveSmallIntegerField(
        _("number of upcoming events"),
        default=3,
        validators=[MaxValueValidator(12)],
        help_text=_("0 hides the section."),
    )
    show_pledge = models.BooleanField(_("show the pledge"), default=True)
    pledge_heading = models.CharField(
        _("pledge heading"), max_length=120, blank=True, default="Saya Bangga Pakai Produk Lokal"
    )
    pledge_text = models.TextField(_("pledge text"), max_length=400, blank=True)
    stories_heading = models.CharField(
        _("stories heading"), max_length=120, blank=True, default="Cerita terbaru"
    )
    stories_count = models.PositiveSmallIntegerField(
        _("number of latest stories"),
        default=3,
        validators=[MaxValueValidator(12)],
        help_text=_("0 hides the section."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_label"),
                PageChooserPanel("hero_cta_page"),
                FieldPanel("hero_cta_url"),
            ],
            heading=_("Hero"),
        ),
    ]
    sections_panels = [
        PageChooserPanel("featured_story", page_type="campaign.StoryPage"),
        MultiFieldPanel(
            [
                FieldPanel("products_heading"),
                FieldPanel("products_count"),
                InlinePanel(
                    "featured_product_choices",
                    label=_("Chosen products"),
                    max_num=MAX_FEATURED_PRODUCTS,
                ),
            ],
            heading=_("Featured products"),
        ),
        MultiFieldPanel(
            [FieldPanel("show_sectors"), FieldPanel("sectors_heading")],
            heading=_("Sector tiles"),
        ),
        MultiFieldPanel(
            [FieldPanel("events_heading"), FieldPanel("events_count")],
            heading=_("Upcoming events"),
        ),
        MultiFieldPanel(
            [FieldPanel("show_pledge"), FieldPanel("pledge_heading"), FieldPanel("pledge_text")],
            heading=_("Pledge"),
        ),
        MultiFieldPanel(
            [FieldPanel("stories_heading"), FieldPanel("stories_count")],
            heading=_("Latest stories"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(sections_panels, heading=_("Sections")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    @property
    def hero_cta_href(self):
        if self.hero_cta_page_id and self.hero_cta_page:
            return self.hero_cta_page.url
        return self.hero_cta_url

    @property
    def accepts_pledges(self):
        return self.show_pledge

    def route(self, request, path_components):
        """Wagtail's routing, one query per section instead of two while serving an anonymous
        page: the sections' page types are kept per page-cache version (any page saved, moved
        or deleted moves it), so the section is fetched as its own type at once."""
        if not path_components or not pagecache.serving_anonymous():
            return super().route(request, path_components)
        types = pagecache.per_version(
            f"home-sections:{self.pk}",
            lambda: dict(self.get_children().values_list("slug", "content_type_id")),
        )
        content_type_id = types.get(path_components[0])
        model = (
            ContentType.objects.get_for_id(content_type_id).model_class()
            if content_type_id
            else None
        )
        if model is None:
            return super().route(request, path_components)  # Wagtail's own 404 (or a stale type)
        section = model.objects.child_of(self).filter(slug=path_components[0]).first()
        if section is None:
            raise Http404
        section._cached_parent_obj = self
        return section.route(request, path_components[1:])

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and self.show_pledge:
            return pledge_post(request, self)
        response = super().serve(request, *args, **kwargs)
        if self.show_pledge:
            pagecache.max_age(response, PLEDGE_COUNTER_MAX_AGE)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured, latest = self._stories()
        context["featured_story"] = featured
        context["latest_stories"] = latest
        context["stories_index_url"] = _parent_url(
            featured or (latest[0] if latest else None), request
        )
        context["featured_products"] = self._products(request)
        tiles = self._sector_tiles(request)
        context["sectors"] = tiles["sectors"]
        context["catalogue_url"] = tiles["catalogue_url"]
        context["upcoming_events"] = events = self._events()
        context["events_index_url"] = _parent_url(events[0] if events else None, request)
        if self.show_pledge:
            context.update(pledge_context(request))
        return context

    def _stories(self):
        """The featured story and the latest others, in one query (plus their renditions)."""
        if not self.stories_count and not self.featured_story_id:
            return None, []
        base = StoryPage.objects.cards()
        newest = base.values("pk")[: self.stories_count + 1]
        wanted = Q(pk__in=newest)
        if self.featured_story_id:
            wanted |= Q(pk=self.featured_story_id)
        stories = list(base.filter(wanted))
        featured = next((s for s in stories if s.pk == self.featured_story_id), None)
        if featured is None and stories:
            featured = stories[0]
        latest = [s for s in stories if s is not featured][: self.stories_count]
        return featured, latest

    def _products(self, request):
        """Chosen products in the editor's order, or the newest when none are chosen.

        Their keys come from one query, kept per page-cache version while an anonymous page is
        served: ranking the newest across sellers reads every listed product (most of an
        uncached home page at 10,000 products). The cards then come by key, so
        {% product_cards %} loads whole products only for the cards it misses."""
        count = self.products_count
        if not count:
            return []
        if getattr(request, "is_preview", False):
            keys = self._product_keys(count, preview=True)
        else:
            keys = pagecache.per_version(
                f"home-products:{self.pk}:{count}", lambda: self._product_keys(count)
            )
        if not keys:
            return []
        order = Case(
            *(When(pk=pk, then=Value(n)) for n, pk in enumerate(keys)),
            output_field=models.IntegerField(),
        )
        return ByKey(ProductPage.objects.listed().cards(photos=False).order_by(order), keys)

    def _product_keys(self, count, preview=False):
        """The keys of the products to show, in order (one query)."""
        if preview:
            # A draft's choices live in memory, not yet in the database.
            ids = [choice.product_id for choice in self.featured_product_choices.all()]
            chosen_order = Case(
                *(When(pk=pk, then=Value(n)) for n, pk in enumerate(ids)),
                default=None,
                output_field=models.IntegerField(),
            )
        else:
            # Rows added in code may have no sort_order: they keep the order they were added in.
            chosen_order = Subquery(
                HomeFeaturedProduct.objects.filter(page=self, product=OuterRef("pk"))
                .annotate(
                    position=Coalesce("sort_order", "pk", output_field=models.BigIntegerField())
                )
                .values("position")[:1]
            )
        listed = ProductPage.objects.listed()
        newest = listed.newest_across_sellers().values("pk")[:count]
        rows = list(
            listed.annotate(chosen_order=chosen_order)
            .filter(Q(chosen_order__isnull=False) | Q(pk__in=newest))
            .values_list("pk", "chosen_order", "first_published_at", "seller_id")
        )
        chosen = sorted((row for row in rows if row[1] is not None), key=lambda row: row[1])
        if chosen:
            return [row[0] for row in chosen[:count]]
        # The same order as the subquery: each seller's newest first, then their second…
        rows = [row for row in rows if row[1] is None]
        rows.sort(key=lambda row: (row[2], row[0]), reverse=True)
        rank, seen = {}, {}
        for pk, _chosen, _published, seller_id in rows:
            seen[seller_id] = seen.get(seller_id, 0) + 1
            rank[pk] = seen[seller_id]
        rows.sort(key=lambda row: rank[row[0]])
        return [row[0] for row in rows[:count]]

    def _sector_tiles(self, request):
        if not self.show_sectors:
            return {"sectors": [], "catalogue_url": ""}

        def compute():
            sectors = Sector.objects.in_default_locale().annotate(
                product_count=Count(
                    "categories__products", filter=Q(categories__products__live=True)
                )
            )
            sectors = [
                {
                    "name": s.display_name,
                    "slug": s.slug,
                    "icon": s.icon,
                    "product_count": s.product_count,
                }
                for s in sectors
                if s.product_count
            ]
            catalogue = CatalogueIndexPage.objects.live().first() if sectors else None
            return {
                "sectors": sectors,
                "catalogue_url": catalogue.get_url(request) if catalogue else "",
            }

        # The same for every visitor in one language; counts may lag by minutes.
        parts = [self.get_site_id(request), translation.get_language()]
        return cached("sector-tiles", parts, compute, 10 * 60, [PAGE_TREE, TAXONOMY_VERSION_KEY])

    def get_site_id(self, request):
        site = Site.find_for_request(request)
        return site.pk if site else 0

    def _events(self):
        if not self.events_count:
            return []
        return list(EventPage.objects.upcoming()[: self.events_count])


def _parent_url(page, request):
    """The URL of `page`'s parent, read off its own URL (no query): /agenda/x/ → /agenda/."""
    if page is None:
        return ""
    url = page.get_url(request) or ""
    return url[: url.rstrip("/").rfind("/") + 1]


class HomeFeaturedProduct(Orderable):
    """A product an editor chose for the home page."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_product_choices")
    product = models.ForeignKey(
        "marketplace.ProductPage",
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="home_features",
    )

    panels = [PageChooserPanel("product", page_type="marketplace.ProductPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured product")
        verbose_name_plural = _("featured products")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details and social links shown in the footer."""

    tagline = models.CharField(
        _("tagline"), max_length=140, default="Bangga pakai produk lokal", blank=True
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=160,
        blank=True,
        help_text=_("The office that runs the campaign, shown in the footer."),
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=20, blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    tiktok_url = models.URLField(_("TikTok"), blank=True)
    # The words of the footer in English (a setting is one row per site, not a page or snippet
    # wagtail-localize could translate); left empty, English pages show the Indonesian words.
    tagline_en = models.CharField(_("tagline in English"), max_length=140, blank=True)
    organisation_en = models.CharField(_("organisation in English"), max_length=160, blank=True)
    address_en = models.TextField(_("address in English"), blank=True)

    panels = [
        FieldPanel("tagline"),
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("whatsapp"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("youtube_url"),
                FieldPanel("tiktok_url"),
            ],
            heading=_("Social media"),
        ),
        MultiFieldPanel(
            [FieldPanel("tagline_en"), FieldPanel("organisation_en"), FieldPanel("address_en")],
            heading=_("English"),
            help_text=_("The footer's words on English pages. Empty: the Indonesian words."),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def for_request(cls, request):
        """Wagtail's per-request settings; serving an anonymous page, kept per page-cache
        version (saving the settings moves it) and copied for each request: no query."""
        site = Site.find_for_request(request)
        if (
            site is None
            or hasattr(request, cls.get_cache_attr_name())
            or not pagecache.serving_anonymous()
        ):
            return super().for_request(request)
        kept = pagecache.per_version(f"site-settings:{site.pk}", lambda: cls.for_site(site))
        site_settings = copy.copy(kept)
        site_settings._request = request
        setattr(request, cls.get_cache_attr_name(), site_settings)
        return site_settings

    def _in_active_language(self, field):
        language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language == "en":
            return getattr(self, f"{field}_en") or getattr(self, field)
        return getattr(self, field)

    @property
    def display_tagline(self):
        return self._in_active_language("tagline")

    @property
    def display_organisation(self):
        return self._in_active_language("organisation")

    @property
    def display_address(self):
        return self._in_active_language("address")

    @property
    def social_links(self):
        links = [
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
            ("TikTok", self.tiktok_url),
        ]
        return [(name, url) for name, url in links if url]
