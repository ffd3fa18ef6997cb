"""Events: roadshows to IKM centres, expos and bazaars (/agenda/), and their .ics files.

Times are entered and shown in WITA (Asia/Makassar).
"""

from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText
from wagtail_localize.fields import SynchronizedField

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from marketplace.taxonomy import IN_DEFAULT_LOCALE
from marketplace.translations import LocalizedUrlMixin, listing_source, localized
from pasarlokal.core.listing import live, with_image
from pasarlokal.core.pagination import paginate

from .blocks import StoryBodyBlock
from .stories import ISO_DATETIME

PAST_EVENTS_PER_PAGE = 12
UPCOMING_EVENTS_LIMIT = 50


class EventPageQuerySet(PageQuerySet):
    def cards(self):
        """Every event listing's base: live and public, with what a card shows."""
        return live(self).defer_streamfields().select_related("region")

    def upcoming(self):
        """Events not yet over, soonest first (an event in progress is still upcoming)."""
        return self.cards().filter(end__gte=timezone.now()).order_by("start", "pk")

    def past(self):
        return self.cards().filter(end__lt=timezone.now()).order_by("-start", "-pk")


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
        # The index also loads each event's image and renditions (the home page does not).
        events = with_image(EventPage.objects.child_of(listing_source(self)), "hero_image")
        fields, terms = ("title", "intro"), ("region",)
        context["upcoming"] = localized(events.upcoming(), fields, terms)[:UPCOMING_EVENTS_LIMIT]
        context["past"] = paginate(
            request, localized(events.past(), fields, terms), PAST_EVENTS_PER_PAGE
        )
        return context


class EventPage(LocalizedUrlMixin, Page):
    # Taxonomy stays the Indonesian row in every language (its names are translated).
    override_translatable_fields = [SynchronizedField("region")]
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
        limit_choices_to=IN_DEFAULT_LOCALE,
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

    objects = PageManager.from_queryset(EventPageQuerySet)()

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


# --- .ics files ------------------------------------------------------------------------------
# One event (/agenda/<id>.ics) or every upcoming event (/agenda.ics, a calendar to subscribe to).
# URLs are absolute from the configured Wagtail Site; the UID depends only on the event, so a
# calendar app keeps one entry per event whatever host or language it was fetched from.

WITA = ZoneInfo("Asia/Makassar")
UID_DOMAIN = "pasarlokal.id"


def organiser_email(request=None):
    """The office's public e-mail (site settings), else the address the site sends from."""
    site_settings = apps.get_model("home", "SiteSettings")
    try:
        email = (
            site_settings.for_request(request).email
            if request is not None
            else site_settings.load().email
        )
    except Exception:  # no site yet (a bare database): fall back to the configured sender
        email = ""
    if not email:
        email = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip()
    return email


def event_uid(event):
    return f"event-{event.translation_key}@{UID_DOMAIN}"


def _calendar(name=None):
    calendar = Calendar()
    calendar.add("prodid", "-//Pasar Lokal//Agenda//ID")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Asia/Makassar")
    return calendar


def event_component(event, request=None, email=""):
    item = Event()
    item.add("uid", event_uid(event))
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.start.astimezone(WITA))
    item.add("dtend", event.end.astimezone(WITA))
    item.add("summary", event.title)
    location = ", ".join(part for part in (event.venue, event.address) if part)
    if event.region_id:
        location = ", ".join(part for part in (location, event.region.name) if part)
    if location:
        item.add("location", location)
    url = event.get_full_url(request)
    description = strip_tags(event.intro or "")
    if url:
        description = f"{description}\n\n{url}".strip()
        item.add("url", url)
    if description:
        item.add("description", description)
    if email:
        organizer = vCalAddress(f"mailto:{email}")
        organizer.params["cn"] = vText(event.organiser or "Pasar Lokal")
        item.add("organizer", organizer)
    return item


def event_calendar(event, request=None):
    """The bytes of an .ics file holding `event`."""
    calendar = _calendar()
    calendar.add_component(event_component(event, request, organiser_email(request)))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def events_calendar(events, name, request=None):
    """The bytes of a subscribable .ics calendar of `events`."""
    calendar = _calendar(name)
    email = organiser_email(request)
    for event in events:
        calendar.add_component(event_component(event, request, email))
    calendar.add_missing_timezones()
    return calendar.to_ical()


@require_GET
def event_ics(request, pk):
    """One event as an iCalendar file, for the shopper's phone calendar."""
    event = get_object_or_404(live(EventPage.objects), pk=pk)
    response = HttpResponse(
        event_calendar(event, request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_GET
def upcoming_ics(request):
    """Every upcoming event as one calendar a phone can subscribe to (webcal or https)."""
    events = EventPage.objects.upcoming()[:UPCOMING_EVENTS_LIMIT]
    response = HttpResponse(
        events_calendar(events, gettext("Pasar Lokal events"), request),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="agenda-pasar-lokal.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response
