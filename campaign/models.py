"""The buy-local campaign: stories, events, IKM centres and the pledge."""

from .centres import CentreIndexPage, CentrePage, CentrePhoto
from .events import EventIndexPage, EventPage
from .pledges import Pledge
from .stories import Author, CampaignIndexPage, StoryPage, StoryTag
from .visits import FieldVisit, FieldVisitPhoto, FollowUpAction

__all__ = [
    "Author",
    "CampaignIndexPage",
    "CentreIndexPage",
    "CentrePage",
    "CentrePhoto",
    "EventIndexPage",
    "EventPage",
    "FieldVisit",
    "FieldVisitPhoto",
    "FollowUpAction",
    "Pledge",
    "StoryPage",
    "StoryTag",
]
