"""Campaign stories: the campaign index (/kampanye/), story pages, their authors and feeds."""

import datetime

from django import forms
from django.contrib.syndication.views import Feed
from django.db import models
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.widgets import AdminDateInput
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from marketplace.taxonomy import IN_DEFAULT_LOCALE, Sector
from marketplace.translations import LocalizedUrlMixin, listing_source, localized
from pasarlokal.core import pagecache
from pasarlokal.core.listing import live, with_image
from pasarlokal.core.pagination import paginate

from .blocks import StoryBodyBlock
from .pledges import PLEDGE_COUNTER_MAX_AGE, pledge_context, pledge_post

STORIES_PER_PAGE = 12
# ISO dates in the admin: every locale parses them (settings.WAGTAIL_DATE_FORMAT "%d.%m.%Y" is
# not among the Indonesian or English input formats, so such a date would not validate).
ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%d %H:%M"


class Author(index.Indexed, models.Model):
    """Who wrote a story (a snippet editors manage)."""

    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=160, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("photo")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name


class StoryTag(TaggedItemBase):
    content_object = ParentalKey(
        "campaign.StoryPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


FEED_LENGTH = 20


class StoryPageQuerySet(PageQuerySet):
    def cards(self):
        """Every story listing's base: live and public, with what a card shows, bodies left out."""
        return with_image(
            live(self).defer_streamfields().select_related("author"), "hero_image"
        ).order_by("-date", "-first_published_at", "-pk")


class CampaignIndexPage(RoutablePageMixin, Page):
    """The campaign's front page: the stories, newest first, and the pledge form."""

    intro = RichTextField(_("introduction"), blank=True)
    pledge_heading = models.CharField(
        _("pledge heading"), max_length=120, default="Saya Bangga Pakai Produk Lokal", blank=True
    )
    pledge_text = models.TextField(_("pledge text"), max_length=400, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("pledge_heading"), FieldPanel("pledge_text")],
            heading=_("Pledge"),
            help_text=_("Leave the heading empty to hide the pledge form on this page."),
        ),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaign.StoryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("campaign index")

    def stories(self, request):
        """This index's stories, filtered by ?sektor= and ?tag= slugs; unknown slugs match nothing."""
        queryset = localized(
            StoryPage.objects.child_of(listing_source(self)).cards(), ("title", "intro")
        )
        filters = {}
        sector = request.GET.get("sektor", "")[:120]
        if sector:
            queryset = queryset.filter(sectors__slug=sector)
            filters["sector"] = sector
        tag = request.GET.get("tag", "")[:100]
        if tag:
            queryset = queryset.filter(tags__slug=tag)
            filters["tag"] = tag
        return queryset.distinct() if filters else queryset, filters

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories, filters = self.stories(request)
        context["stories"] = paginate(request, stories, STORIES_PER_PAGE)
        context["filters"] = filters
        story_ids = StoryPage.objects.live().child_of(listing_source(self)).values("pk")
        context["sectors"] = (
            Sector.objects.in_default_locale().filter(stories__in=story_ids).distinct()
        )
        context["tags"] = (
            Tag.objects.filter(campaign_storytag_items__content_object__in=story_ids)
            .distinct()
            .order_by("name")
        )
        if self.pledge_heading:
            context.update(pledge_context(request))
        return context

    @property
    def accepts_pledges(self):
        return bool(self.pledge_heading)

    @path("")
    def index_route(self, request, *args, **kwargs):
        if request.method == "POST":
            return pledge_post(request, self)
        response = super().index_route(request, *args, **kwargs)
        if self.accepts_pledges:
            pagecache.max_age(response, PLEDGE_COUNTER_MAX_AGE)
        return response

    @path("feed/")
    def rss_feed(self, request):
        return StoryFeed(self)(request)

    @path("feed/atom/")
    def atom_feed(self, request):
        return AtomStoryFeed(self)(request)


class StoryPage(LocalizedUrlMixin, Page):
    """One campaign story."""

    date = models.DateField(_("publication date"), default=timezone.localdate)
    intro = models.TextField(
        _("introduction"), max_length=400, help_text=_("Shown on cards and in the feed.")
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    sectors = ParentalManyToManyField(
        "marketplace.Sector",
        verbose_name=_("sectors"),
        blank=True,
        related_name="stories",
        limit_choices_to=IN_DEFAULT_LOCALE,
    )
    regions = ParentalManyToManyField(
        "marketplace.Region",
        verbose_name=_("regions"),
        blank=True,
        related_name="stories",
        limit_choices_to=IN_DEFAULT_LOCALE,
    )
    tags = ClusterTaggableManager(through=StoryTag, blank=True, verbose_name=_("tags"))
    body = StreamField(StoryBodyBlock(), verbose_name=_("body"), blank=True)

    objects = PageManager.from_queryset(StoryPageQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("date", widget=AdminDateInput(format=ISO_DATE)),
                FieldPanel("author"),
                FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
                FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("About this story"),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
    ]

    parent_page_types = ["campaign.CampaignIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    @cached_property
    def index_page(self):
        return self.get_parent().specific

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_stories"] = (
            StoryPage.objects.cards()
            .filter(sectors__in=[sector.pk for sector in self.sectors.all()])
            .exclude(pk=self.pk)
            .distinct()[:3]
        )
        return context


# --- Feeds -----------------------------------------------------------------------------------


class StoryFeed(Feed):
    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page
        self.request = None

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index_page

    def title(self, obj):
        return f"{obj.title} · Pasar Lokal"

    def link(self, obj):
        return obj.get_url(self.request)

    def description(self, obj):
        return obj.search_description or obj.title

    def items(self, obj):
        return StoryPage.objects.child_of(obj).cards().prefetch_related("sectors")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        # Stories carry a date, not a time; morning in the site's time zone reads naturally.
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(8, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author.name if item.author_id else None

    def item_categories(self, item):
        return [sector.name for sector in item.sectors.all()]


class AtomStoryFeed(StoryFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
