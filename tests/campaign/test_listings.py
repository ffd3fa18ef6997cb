"""Story, event and centre listings: filters work, and the SQL query count does not grow with size."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.campaign.factories import (
    CentrePageFactory,
    CentrePhotoFactory,
    EventPageFactory,
    PledgeFactory,
    StoryPageFactory,
)
from tests.factories import CategoryFactory, RegionFactory, SectorFactory

pytestmark = pytest.mark.django_db

# Pinned: the whole page, including header, pledge counter and filters.
STORY_INDEX_QUERIES = 13
EVENT_INDEX_QUERIES = 13
CENTRE_INDEX_QUERIES = 15


def count_queries(client, path):
    client.get(path)  # first visit makes renditions and warms the site caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response


def add_stories(campaign, count, sector):
    for _ in range(count):
        story = StoryPageFactory(parent=campaign.stories)
        story.sectors.add(sector)
        story.tags.add("tenun")
        story.save()
        PledgeFactory()


@pytest.mark.usefixtures("page_cache_off")  # counts a render, not a cache hit
def test_story_index_query_count_is_constant(client, campaign, django_assert_num_queries):
    sector = SectorFactory()
    add_stories(campaign, 3, sector)
    small, _ = count_queries(client, "/kampanye/")
    add_stories(campaign, 27, sector)
    large, response = count_queries(client, "/kampanye/?sektor=" + sector.slug)
    assert len(response.context["stories"].object_list) == 12  # a full page of 30
    assert small == large
    with django_assert_num_queries(STORY_INDEX_QUERIES):
        client.get("/kampanye/")


def test_story_index_is_newest_first_and_filters_by_sector_and_tag(client, campaign):
    food, craft = SectorFactory(name="Pangan"), SectorFactory(name="Kriya")
    old = StoryPageFactory(
        parent=campaign.stories, title="Kopi Tambora", date=datetime.date(2026, 1, 1)
    )
    new = StoryPageFactory(
        parent=campaign.stories, title="Tenun Sukarara", date=datetime.date(2026, 6, 1)
    )
    old.sectors.add(food)
    old.tags.add("kopi")
    old.save()
    new.sectors.add(craft)
    new.tags.add("tenun")
    new.save()
    titles = lambda r: [s.title for s in r.context["stories"]]  # noqa: E731
    assert titles(client.get("/kampanye/")) == ["Tenun Sukarara", "Kopi Tambora"]
    assert titles(client.get(f"/kampanye/?sektor={food.slug}")) == ["Kopi Tambora"]
    assert titles(client.get("/kampanye/?tag=tenun")) == ["Tenun Sukarara"]
    assert titles(client.get("/kampanye/?tag=tidak-ada")) == []
    assert client.get("/kampanye/?page=abc").status_code == 200
    assert client.get("/kampanye/?page=99").status_code == 404


@pytest.mark.usefixtures("page_cache_off")  # counts a render, not a cache hit
def test_event_index_query_count_is_constant(client, campaign, django_assert_num_queries):
    def add(count):
        for n in range(count):
            EventPageFactory(
                parent=campaign.events, start=timezone.now() + datetime.timedelta(days=n + 1)
            )
            start = timezone.now() - datetime.timedelta(days=n + 10)
            EventPageFactory(
                parent=campaign.events, start=start, end=start + datetime.timedelta(hours=2)
            )

    add(2)
    small, _ = count_queries(client, "/agenda/")
    add(14)
    large, response = count_queries(client, "/agenda/")
    assert len(response.context["upcoming"]) == 16
    assert small == large
    with django_assert_num_queries(EVENT_INDEX_QUERIES):
        client.get("/agenda/")


def test_event_index_lists_upcoming_soonest_first_then_past_newest_first(client, campaign):
    now = timezone.now()
    EventPageFactory(parent=campaign.events, title="Lusa", start=now + datetime.timedelta(days=2))
    EventPageFactory(parent=campaign.events, title="Besok", start=now + datetime.timedelta(days=1))
    EventPageFactory(
        parent=campaign.events,
        title="Sedang berlangsung",
        start=now - datetime.timedelta(hours=1),
        end=now + datetime.timedelta(hours=1),
    )
    EventPageFactory(
        parent=campaign.events,
        title="Bulan lalu",
        start=now - datetime.timedelta(days=30),
        end=now - datetime.timedelta(days=30) + datetime.timedelta(hours=3),
    )
    EventPageFactory(
        parent=campaign.events,
        title="Kemarin",
        start=now - datetime.timedelta(days=1),
        end=now - datetime.timedelta(hours=20),
    )
    response = client.get("/agenda/")
    assert [e.title for e in response.context["upcoming"]] == [
        "Sedang berlangsung",
        "Besok",
        "Lusa",
    ]
    assert [e.title for e in response.context["past"]] == ["Kemarin", "Bulan lalu"]
    content = response.content.decode()
    assert content.index("Lusa") < content.index("Kemarin")


@pytest.mark.usefixtures("page_cache_off")  # counts a render, not a cache hit
def test_centre_index_query_count_is_constant(client, campaign, django_assert_num_queries):
    category = CategoryFactory()
    region = RegionFactory()

    def add(count):
        for _ in range(count):
            centre = CentrePageFactory(parent=campaign.centres, region=region)
            CentrePhotoFactory(centre=centre)
            centre.specialities.add(category)
            centre.save()

    add(3)
    small, _ = count_queries(client, "/sentra-ikm/")
    add(27)
    large, response = count_queries(client, f"/sentra-ikm/?wilayah={region.slug}")
    assert len(response.context["centres"].object_list) == 24
    assert small == large
    with django_assert_num_queries(CENTRE_INDEX_QUERIES):
        client.get("/sentra-ikm/")


def test_centre_index_filters_by_region_and_category(client, campaign):
    lombok, sumbawa = RegionFactory(name="Lombok Barat"), RegionFactory(name="Sumbawa")
    pottery, salt = CategoryFactory(name="Gerabah"), CategoryFactory(name="Garam")
    a = CentrePageFactory(parent=campaign.centres, title="Sentra Gerabah Banyumulek", region=lombok)
    a.specialities.add(pottery)
    a.save()
    b = CentrePageFactory(parent=campaign.centres, title="Sentra Garam Tarano", region=sumbawa)
    b.specialities.add(salt)
    b.save()
    titles = lambda r: [c.title for c in r.context["centres"]]  # noqa: E731
    assert titles(client.get("/sentra-ikm/")) == [
        "Sentra Garam Tarano",
        "Sentra Gerabah Banyumulek",
    ]
    assert titles(client.get(f"/sentra-ikm/?wilayah={lombok.slug}")) == [
        "Sentra Gerabah Banyumulek"
    ]
    assert titles(client.get(f"/sentra-ikm/?kategori={salt.slug}")) == ["Sentra Garam Tarano"]
    assert titles(client.get(f"/sentra-ikm/?kategori={salt.slug}&wilayah={lombok.slug}")) == []
    content = client.get("/sentra-ikm/").content.decode()
    assert (
        f'href="?wilayah={lombok.slug}"' in content
        and f'href="?kategori={pottery.slug}"' in content
    )
