"""Campaign stories: the campaign index (/kampanye/), story pages and their authors."""

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.widgets import AdminDateInput
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import StoryBodyBlock
from .caching import public
from .images import with_image

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


def story_cards():
    """The base queryset of every story listing: live, with what a card shows, bodies left out."""
    return with_image(
        public(StoryPage.objects.live()).defer_streamfields().select_related("author"),
        "hero_image",
    ).order_by("-date", "-first_published_at", "-pk")


def paginate(request, queryset, per_page):
    """One page of `queryset`; a page number that is not a number or past the end is a 404."""
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("page") or 1
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        raise Http404


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
        queryset = story_cards().child_of(self)
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
        from marketplace.taxonomy import Sector

        from .pledges import pledge_context

        context = super().get_context(request, *args, **kwargs)
        stories, filters = self.stories(request)
        context["stories"] = paginate(request, stories, STORIES_PER_PAGE)
        context["filters"] = filters
        story_ids = StoryPage.objects.live().child_of(self).values("pk")
        context["sectors"] = Sector.objects.filter(stories__in=story_ids).distinct()
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
        from .views import pledge_post

        if request.method == "POST":
            return pledge_post(request, self)
        response = super().index_route(request, *args, **kwargs)
        if self.accepts_pledges:
            from pasarlokal.core import pagecache

            from .pledges import PLEDGE_COUNTER_MAX_AGE

            pagecache.max_age(response, PLEDGE_COUNTER_MAX_AGE)
        return response

    @path("feed/")
    def rss_feed(self, request):
        from .feeds import StoryFeed

        return StoryFeed(self)(request)

    @path("feed/atom/")
    def atom_feed(self, request):
        from .feeds import AtomStoryFeed

        return AtomStoryFeed(self)(request)


class StoryPage(Page):
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
        "marketplace.Sector", verbose_name=_("sectors"), blank=True, related_name="stories"
    )
    regions = ParentalManyToManyField(
        "marketplace.Region", verbose_name=_("regions"), blank=True, related_name="stories"
    )
    tags = ClusterTaggableManager(through=StoryTag, blank=True, verbose_name=_("tags"))
    body = StreamField(StoryBodyBlock(), verbose_name=_("body"), blank=True)

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
            story_cards()
            .filter(sectors__in=[sector.pk for sector in self.sectors.all()])
            .exclude(pk=self.pk)
            .distinct()[:3]
        )
        return context
