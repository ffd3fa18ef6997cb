"""Template helpers for the campaign pages."""

from django import template
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language

from campaign.events import WITA

register = template.Library()


def _time(moment):
    # Indonesian writes 10.00, English 10:00.
    return date_format(moment, "H.i" if (get_language() or "id").startswith("id") else "H:i")


@register.simple_tag
def event_when(start, end):
    """When an event runs, read naturally in WITA: the date once for a one-day event.

    "3 Januari 2027, 10.00–21.00 WITA"; "3 Januari 2027, 10.00 – 4 Januari 2027, 21.00 WITA".
    """
    if start is None:
        return ""
    start = start.astimezone(WITA)
    end = (end or start).astimezone(WITA)
    day = "j F Y"
    if start.date() == end.date():
        span = f"{date_format(start, day)}, {_time(start)}–{_time(end)}"
    else:
        span = f"{date_format(start, day)}, {_time(start)} – {date_format(end, day)}, {_time(end)}"
    return f"{span}\u00a0WITA"  # the zone never wraps onto a line of its own
