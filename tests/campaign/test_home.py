"""The editor-curated home page: every section fills from Wagtail and disappears when empty."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.models import HomeFeaturedProduct
from tests.campaign.factories import EventPageFactory, PledgeFactory, StoryPageFactory

pytestmark = pytest.mark.django_db
HOME_QUERY_LIMIT = 15


def fill(campaign, shop, count):
    for _ in range(count):
        shop.make_product()
        StoryPageFactory(parent=campaign.stories)
        EventPageFactory(parent=campaign.events)
        PledgeFactory()


def test_empty_sections_disappear(client, campaign):
    home = campaign.home
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    for section in (
        'id="featured-story-heading"',
        'id="products-heading"',
        'id="sectors-heading"',
        'id="events-heading"',
        'id="stories-heading"',
    ):
        assert section not in content, section
    assert 'id="ikrar"' in content  # the pledge always has something to ask
    home.show_pledge = False
    home.save_revision().publish()
    assert 'id="ikrar"' not in client.get("/").content.decode()


def test_every_section_shows_when_there_is_content(client, campaign, shop):
    fill(campaign, shop, 4)
    content = client.get("/").content.decode()
    for section in (
        'id="featured-story-heading"',
        'id="products-heading"',
        'id="sectors-heading"',
        'id="events-heading"',
        'id="ikrar"',
        'id="stories-heading"',
    ):
        assert section in content, section
    assert 'href="/agenda/"' in content and 'href="/kampanye/"' in content
    assert 'href="/katalog/?sektor=' in content


def test_featured_story_is_the_chosen_one_or_the_newest(client, campaign):
    old = StoryPageFactory(
        parent=campaign.stories, title="Cerita lama", date=datetime.date(2025, 1, 1)
    )
    StoryPageFactory(parent=campaign.stories, title="Cerita baru", date=datetime.date(2026, 6, 1))
    response = client.get("/")
    assert response.context["featured_story"].title == "Cerita baru"
    assert [s.title for s in response.context["latest_stories"]] == ["Cerita lama"]
    campaign.home.featured_story = old
    campaign.home.save_revision().publish()
    response = client.get("/")
    assert response.context["featured_story"].title == "Cerita lama"
    assert [s.title for s in response.context["latest_stories"]] == ["Cerita baru"]


def test_featured_products_are_chosen_in_order_or_newest(client, campaign, shop):
    first, second, third = (shop.make_product(title=t) for t in ("Kendi", "Songket", "Madu"))
    titles = lambda: [p.title for p in client.get("/").context["featured_products"]]  # noqa: E731
    assert titles() == ["Madu", "Songket", "Kendi"]  # newest first
    home = campaign.home
    home.featured_product_choices.add(HomeFeaturedProduct(product=first))
    home.featured_product_choices.add(HomeFeaturedProduct(product=third))
    home.save_revision().publish()
    assert titles() == ["Kendi", "Madu"]
    third.unpublish()
    assert titles() == ["Kendi"]
    home.products_count = 0
    home.save_revision().publish()
    assert titles() == []


@pytest.mark.usefixtures("page_cache_off")
def test_newest_featured_products_come_from_several_sellers(client, campaign, shop):
    weaver, potter = shop.make_seller(), shop.make_seller()
    shop.make_product(seller=weaver, title="Songket")
    shop.make_product(seller=potter, title="Kendi")
    for n in range(1, 6):  # one seller uploads a batch last: five newest from one shop
        shop.make_product(title=f"Kopi {n}")
    home = campaign.home
    home.products_count = 4
    home.save_revision().publish()

    def featured():
        return [(p.seller_id, p.title) for p in client.get("/").context["featured_products"]]

    shown = featured()
    assert [title for _seller, title in shown] == ["Kopi 5", "Kendi", "Songket", "Kopi 4"]
    assert len({seller for seller, _title in shown}) == 3
    # The same queries however many products each seller has.
    small, _response = count_home_queries(client)
    for n in range(6, 16):
        shop.make_product(seller=potter, title=f"Gerabah {n}")
    large, response = count_home_queries(client)
    assert small == large
    assert len({p.seller_id for p in response.context["featured_products"]}) == 3


def test_sector_tiles_count_live_products(client, campaign, shop):
    product = shop.make_product()
    sector = product.category.sector
    shop.make_product(category=product.category)
    hidden = shop.make_product(category=product.category)
    hidden.unpublish()
    tiles = client.get("/").context["sectors"]
    assert [(t["name"], t["product_count"]) for t in tiles] == [(sector.name, 2)]


def test_upcoming_events_only(client, campaign):
    now = timezone.now()
    EventPageFactory(parent=campaign.events, title="Nanti", start=now + datetime.timedelta(days=3))
    EventPageFactory(
        parent=campaign.events,
        title="Sudah lewat",
        start=now - datetime.timedelta(days=3),
        end=now - datetime.timedelta(days=3) + datetime.timedelta(hours=2),
    )
    events = client.get("/").context["upcoming_events"]
    assert [e.title for e in events] == ["Nanti"]


def test_private_stories_stay_off_the_home_page(client, campaign):
    from wagtail.models import PageViewRestriction

    story = StoryPageFactory(parent=campaign.stories, title="Rahasia redaksi")
    PageViewRestriction.objects.create(page=story, restriction_type="password", password="x")
    assert "Rahasia redaksi" not in client.get("/").content.decode()


def count_home_queries(client):
    client.get("/")  # renditions and caches, as on a running site
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.usefixtures("page_cache_off")  # counts a render, not a cache hit
def test_home_query_count_is_small_and_constant(
    client, campaign, shop, django_assert_max_num_queries
):
    fill(campaign, shop, 3)
    small, response = count_home_queries(client)
    assert len(response.context["featured_products"]) == 3
    fill(campaign, shop, 12)
    campaign.home.featured_product_choices.add(HomeFeaturedProduct(product=shop.make_product()))
    campaign.home.save_revision().publish()
    large, response = count_home_queries(client)
    assert len(response.context["featured_products"]) == 1
    assert len(response.context["latest_stories"]) == 3
    assert len(response.context["upcoming_events"]) == 3
    assert small == large
    with django_assert_max_num_queries(HOME_QUERY_LIMIT):
        client.get("/")
