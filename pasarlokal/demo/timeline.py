"""When the demo's shoppers were active: over the past year, busier month by month.

One rule for the contact clicks, enquiries and orders, so the impact dashboard's year shows one
growing campaign: the latest month is about four times as busy as the first, and every month
has its share (the moments are spread evenly over the distribution, not drawn at random).
"""

import datetime
import math

from django.utils import timezone

DAYS = 365
GROWTH = 3  # activity today is 1 + GROWTH times what it was a year ago, rising steadily


def _recency(share):
    """Where (0 a year ago, 1 today) the given share of all activity has happened."""
    # Inverse of F(r) = (r + GROWTH/2 r²) / (1 + GROWTH/2), the density rising as 1 + GROWTH r.
    half = GROWTH / 2
    return (-1 + math.sqrt(1 + 4 * half * (1 + half) * share)) / (2 * half)


def growing_moments(rng, now, count):
    """`count` moments in the last DAYS days, in waking hours (WITA), oldest first."""
    moments = []
    for index in range(count):
        recency = _recency((index + rng.random()) / count)
        day = min(int((1 - recency) * DAYS), DAYS - 1)
        local = timezone.localtime(now - datetime.timedelta(days=day))
        local = local.replace(
            hour=rng.randint(7, 22), minute=rng.randint(0, 59), second=rng.randint(0, 59)
        )
        moments.append(min(local, timezone.localtime(now)))
    return moments
