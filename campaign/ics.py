"""iCalendar (.ics) files for events, with times in WITA (Asia/Makassar) and a VTIMEZONE.

One event (/agenda/<id>.ics) or every upcoming event (/agenda.ics, a calendar to subscribe to).
URLs are absolute from the configured Wagtail Site; the UID depends only on the event, so a
calendar app keeps one entry per event whatever host or language it was fetched from.
"""

from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

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
