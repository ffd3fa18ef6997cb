"""Reporting periods with WITA (Asia/Makassar) day boundaries.

A period is a range of whole WITA days, first and last day included. Queries use
`start_at <= t < end_at`, the WITA midnights around it, so a click at 23:30 WITA on the last
day of a month belongs to that month whatever the server's or database's time zone.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

WITA = ZoneInfo("Asia/Makassar")

THIS_MONTH = "month"
LAST_3_MONTHS = "3months"
LAST_12_MONTHS = "year"
CUSTOM = "custom"
PERIOD_CHOICES = [
    (THIS_MONTH, _("This month")),
    (LAST_3_MONTHS, _("Last 3 months")),
    (LAST_12_MONTHS, _("Last 12 months")),
    (CUSTOM, _("Custom dates")),
]

WEEK = "week"
MONTH = "month"
GRANULARITY_CHOICES = [("", _("Automatic")), (WEEK, _("By week")), (MONTH, _("By month"))]

# Weekly buckets beyond this span would make unreadable charts; such periods are shown by month.
MAX_WEEKLY_DAYS = 2 * 366
MAX_CUSTOM_DAYS = 10 * 366


def today_wita():
    return timezone.now().astimezone(WITA).date()


def wita_midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=WITA)


def month_start(day, months_back=0):
    month_index = day.year * 12 + (day.month - 1) - months_back
    return datetime.date(month_index // 12, month_index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    key: str
    first_day: datetime.date
    last_day: datetime.date
    granularity: str

    @property
    def start_at(self):
        return wita_midnight(self.first_day)

    @property
    def end_at(self):
        """Exclusive: WITA midnight after the last day."""
        return wita_midnight(self.last_day + datetime.timedelta(days=1))

    @property
    def days(self):
        return (self.last_day - self.first_day).days + 1

    def range_filter(self, field):
        return {f"{field}__gte": self.start_at, f"{field}__lt": self.end_at}

    def bucket_starts(self):
        """Every bucket's first day, empty ones included, so charts show gaps as zero."""
        starts = []
        if self.granularity == WEEK:
            current = self.first_day - datetime.timedelta(days=self.first_day.weekday())
            while current <= self.last_day:
                starts.append(current)
                current += datetime.timedelta(days=7)
        else:
            current = month_start(self.first_day)
            while current <= self.last_day:
                starts.append(current)
                current = month_start(current, months_back=-1)
        return starts

    def bucket_label(self, start):
        """Short, in the active language: “2 Mar” for a week, “Mar 26” for a month."""
        if self.granularity == WEEK:
            return date_format(start, "j M")
        return date_format(start, "M y")

    @property
    def slug(self):
        return f"{self.first_day:%Y%m%d}-{self.last_day:%Y%m%d}"


def default_granularity(first_day, last_day):
    return WEEK if (last_day - first_day).days < 95 else MONTH


def make_period(key=THIS_MONTH, first_day=None, last_day=None, granularity="", today=None):
    """Build a Period; unknown keys fall back to this month, custom dates are put in order."""
    today = today or today_wita()
    if key == LAST_3_MONTHS:
        first_day, last_day = month_start(today, 2), today
    elif key == LAST_12_MONTHS:
        first_day, last_day = month_start(today, 11), today
    elif key == CUSTOM and first_day and last_day:
        if first_day > last_day:
            first_day, last_day = last_day, first_day
        if (last_day - first_day).days > MAX_CUSTOM_DAYS:
            first_day = last_day - datetime.timedelta(days=MAX_CUSTOM_DAYS)
    else:
        key, first_day, last_day = THIS_MONTH, month_start(today), today
    if granularity not in (WEEK, MONTH):
        granularity = default_granularity(first_day, last_day)
    if granularity == WEEK and (last_day - first_day).days > MAX_WEEKLY_DAYS:
        granularity = MONTH
    return Period(key, first_day, last_day, granularity)


def this_month(today=None):
    return make_period(THIS_MONTH, today=today)
