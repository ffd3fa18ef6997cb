"""iCalendar (.ics) files for events, with times in WITA (Asia/Makassar) and a VTIMEZONE."""

from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from django.utils import timezone
from django.utils.html import strip_tags

WITA = ZoneInfo("Asia/Makassar")


def event_calendar(event, request=None):
    """The bytes of an .ics file holding `event`."""
    calendar = Calendar()
    calendar.add("prodid", "-//Pasar Lokal//Agenda//ID")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    url = event.get_full_url(request)
    host = request.get_host() if request is not None else "pasarlokal"

    item = Event()
    item.add("uid", f"event-{event.pk}@{host}")
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.start.astimezone(WITA))
    item.add("dtend", event.end.astimezone(WITA))
    item.add("summary", event.title)
    location = ", ".join(part for part in (event.venue, event.address) if part)
    if event.region_id:
        location = ", ".join(part for part in (location, event.region.name) if part)
    if location:
        item.add("location", location)
    description = strip_tags(event.intro or "")
    if url:
        description = f"{description}\n\n{url}".strip()
        item.add("url", url)
    if description:
        item.add("description", description)
    if event.organiser:
        item.add("organizer", f"CN={event.organiser}", parameters={"CN": event.organiser})
    calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()
