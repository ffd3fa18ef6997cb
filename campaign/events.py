"""Events: roadshows to IKM centres, expos and bazaars (/agenda/). Times are entered and shown in WITA."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import StoryBodyBlock
from .caching import public
from .images import with_image
from .stories import ISO_DATETIME, paginate

PAST_EVENTS_PER_PAGE = 12
UPCOMING_EVENTS_LIMIT = 50


def event_cards():
    """The base queryset of every event listing."""
    return with_image(
        public(EventPage.objects.live()).defer_streamfields().select_related("region"),
        "hero_image",
    )


def upcoming_events():
    """Events not yet over, soonest first (an event in progress is still upcoming)."""
    return event_cards().filter(end__gte=timezone.now()).order_by("start", "pk")


def past_events():
    return event_cards().filter(end__lt=timezone.now()).order_by("-start", "-pk")


class EventIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaign.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("event index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["upcoming"] = upcoming_events().child_of(self)[:UPCOMING_EVENTS_LIMIT]
        context["past"] = paginate(request, past_events().child_of(self), PAST_EVENTS_PER_PAGE)
        return context


class EventPage(Page):
    start = models.DateTimeField(_("starts"), help_text=_("Date and time in WITA."))
    end = models.DateTimeField(_("ends"), help_text=_("Date and time in WITA."))
    intro = models.TextField(_("introduction"), max_length=400, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    venue = models.CharField(_("venue"), max_length=160)
    address = models.CharField(_("address"), max_length=255, blank=True)
    region = models.ForeignKey(
        "marketplace.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    organiser = models.CharField(_("organiser"), max_length=160, blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    related_sellers = ParentalManyToManyField(
        "marketplace.SellerPage",
        verbose_name=_("sellers taking part"),
        blank=True,
        related_name="+",
    )
    related_centres = ParentalManyToManyField(
        "campaign.CentrePage", verbose_name=_("IKM centres"), blank=True, related_name="events"
    )
    body = StreamField(StoryBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("start", widget=AdminDateTimeInput(format=ISO_DATETIME)),
                        FieldPanel("end", widget=AdminDateTimeInput(format=ISO_DATETIME)),
                    ]
                ),
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldPanel("region"),
                FieldPanel("organiser"),
                FieldPanel("registration_url"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("related_sellers", widget=forms.CheckboxSelectMultiple),
                FieldPanel("related_centres", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Related"),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("venue"),
        index.SearchField("body"),
        index.FilterField("start"),
    ]

    parent_page_types = ["campaign.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def ics_url(self):
        return reverse("campaign:event_ics", args=[self.pk])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sellers"] = [s for s in self.related_sellers.all() if s.live]
        context["centres"] = [c for c in self.related_centres.all() if c.live]
        return context
