"""IKM centres (Sentra IKM): the industry clusters the office visits (/sentra-ikm/)."""

from wagtail_localize.fields import SynchronizedField

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from marketplace.products import ProductPage
from marketplace.taxonomy import IN_DEFAULT_LOCALE, Category, Region
from marketplace.translations import LocalizedUrlMixin, listing_source, localized
from pasarlokal.core.listing import live, rendition_prefetch
from pasarlokal.core.pagination import paginate

from .stories import StoryPage
from .visits import latest_public_visit

CENTRES_PER_PAGE = 24
CENTRE_PRODUCTS = 8  # the centre's sellers' products shown as cards on its page


def centre_cards():
    """The base queryset of every centre listing: region joined, photos and specialities prefetched."""
    photos = CentrePhoto.objects.select_related("image").prefetch_related(
        rendition_prefetch("image")
    )
    return (
        live(CentrePage.objects)
        .select_related("region")
        .prefetch_related(Prefetch("photos", queryset=photos), "specialities")
        .order_by("title", "pk")
    )


class CentreIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaign.CentrePage"]
    max_count = 1

    class Meta:
        verbose_name = _("IKM centre index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        source = listing_source(self)
        centres = localized(centre_cards().child_of(source), ("title", "summary"), ("region",))
        filters = {}
        region = request.GET.get("wilayah", "")[:120]
        if region:
            centres = centres.filter(region__slug=region)
            filters["region"] = region
        category = request.GET.get("kategori", "")[:120]
        if category:
            centres = centres.filter(specialities__slug=category).distinct()
            filters["category"] = category
        context["centres"] = paginate(request, centres, CENTRES_PER_PAGE)
        context["filters"] = filters
        centre_ids = CentrePage.objects.live().child_of(source).values("pk")
        context["regions"] = (
            Region.objects.in_default_locale().filter(centres__in=centre_ids).distinct()
        )
        context["categories"] = (
            Category.objects.in_default_locale()
            .filter(centres__in=centre_ids)
            .select_related("sector")
            .distinct()
        )
        return context


class CentrePage(LocalizedUrlMixin, Page):
    # Taxonomy stays the Indonesian row in every language (its names are translated).
    override_translatable_fields = [SynchronizedField("region")]
    region = models.ForeignKey(
        "marketplace.Region",
        limit_choices_to=IN_DEFAULT_LOCALE,
        verbose_name=_("region"),
        null=True,
        on_delete=models.PROTECT,
        related_name="centres",
    )
    village = models.CharField(_("village"), max_length=120, blank=True)
    district = models.CharField(_("district (kecamatan)"), max_length=120, blank=True)
    summary = models.CharField(_("summary"), max_length=240, blank=True)
    description = RichTextField(_("description"), blank=True)
    specialities = ParentalManyToManyField(
        "marketplace.Category",
        verbose_name=_("specialities"),
        blank=True,
        related_name="centres",
        limit_choices_to=IN_DEFAULT_LOCALE,
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    related_sellers = ParentalManyToManyField(
        "marketplace.SellerPage", verbose_name=_("sellers here"), blank=True, related_name="+"
    )
    related_stories = ParentalManyToManyField(
        "campaign.StoryPage", verbose_name=_("stories"), blank=True, related_name="centres"
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("region"),
                FieldRowPanel([FieldPanel("village"), FieldPanel("district")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Where"),
        ),
        FieldPanel("description"),
        FieldPanel("specialities", widget=forms.CheckboxSelectMultiple),
        InlinePanel("photos", label=_("Photos"), max_num=12),
        MultiFieldPanel(
            [
                FieldPanel("related_sellers", widget=forms.CheckboxSelectMultiple),
                FieldPanel("related_stories", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Related"),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("village"),
        index.FilterField("region"),
    ]

    parent_page_types = ["campaign.CentreIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("IKM centre")
        verbose_name_plural = _("IKM centres")

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def openstreetmap_url(self):
        """A link to the spot on openstreetmap.org; no map tiles are loaded on our pages."""
        if not self.has_location:
            return ""
        lat, lon = f"{self.latitude:.5f}", f"{self.longitude:.5f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=15/{lat}/{lon}"

    @property
    def map_url(self):
        """The spot on openstreetmap.org, or a search for the centre's address when not pinned."""
        if self.has_location:
            return self.openstreetmap_url
        place = ", ".join(
            part
            for part in (self.village, self.district, self.region.name if self.region else "")
            if part
        )
        if not place:
            return ""
        return f"https://www.openstreetmap.org/search?{urlencode({'query': place})}"

    @property
    def first_photo(self):
        photos = list(self.photos.all())
        return photos[0] if photos else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sellers"] = sellers = [s for s in self.related_sellers.all() if s.live]
        context["products"] = (
            list(
                ProductPage.objects.listed()
                .filter(seller__in=[s.pk for s in sellers])
                .cards(photos=False)  # see {% product_cards %}
                .newest_across_sellers()[:CENTRE_PRODUCTS]
            )
            if sellers
            else []
        )
        story_ids = [s.pk for s in self.related_stories.all()]
        context["stories"] = StoryPage.objects.live().public().filter(pk__in=story_ids)
        context["events"] = self.events.live().public().order_by("-start")[:6] if self.pk else []
        context["last_visit"] = latest_public_visit(self) if self.pk else None
        return context


class CentrePhoto(Orderable):
    centre = ParentalKey(CentrePage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(_("description for screen readers"), max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]
