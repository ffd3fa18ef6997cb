"""RSS and Atom feeds of a campaign index's stories (Django syndication)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from .stories import story_cards

FEED_LENGTH = 20


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
        return story_cards().child_of(obj).prefetch_related("sectors")[:FEED_LENGTH]

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
