"""Issue 14 polish: natural event times, the compact topic filter, centre maps and products."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from campaign.templatetags.campaign_tags import event_when
from tests.campaign.factories import CentrePageFactory, EventPageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")


def wita(*args):
    return datetime.datetime(*args, tzinfo=WITA)


@pytest.mark.parametrize(
    ("language", "start", "end", "expected"),
    [
        ("id", wita(2027, 1, 3, 10), wita(2027, 1, 3, 21), "3 Januari 2027, 10.00–21.00\u00a0WITA"),
        ("en", wita(2027, 1, 3, 10), wita(2027, 1, 3, 21), "3 January 2027, 10:00–21:00\u00a0WITA"),
        (
            "id",
            wita(2027, 1, 3, 10),
            wita(2027, 1, 5, 17, 30),
            "3 Januari 2027, 10.00 – 5 Januari 2027, 17.30\u00a0WITA",
        ),
        (
            "en",
            wita(2027, 1, 3, 10),
            wita(2027, 1, 5, 17, 30),
            "3 January 2027, 10:00 – 5 January 2027, 17:30\u00a0WITA",
        ),
        # Stored in UTC, shown in WITA: 02:00 UTC is 10.00 the same day in Mataram.
        (
            "id",
            datetime.datetime(2027, 1, 3, 2, tzinfo=datetime.UTC),
            datetime.datetime(2027, 1, 3, 13, tzinfo=datetime.UTC),
            "3 Januari 2027, 10.00–21.00\u00a0WITA",
        ),
    ],
)
def test_event_times_read_naturally(language, start, end, expected):
    with translation.override(language):
        assert event_when(start, end) == expected


def test_event_page_and_cards_show_the_natural_range_in_both_languages(client, campaign):
    event = EventPageFactory(
        parent=campaign.events, start=wita(2027, 1, 3, 10), end=wita(2027, 1, 3, 21)
    )
    assert "3 Januari 2027, 10.00–21.00\u00a0WITA" in client.get(event.url).content.decode()
    assert "3 Januari 2027, 10.00–21.00\u00a0WITA" in client.get("/agenda/").content.decode()
    english = client.get("/en/agenda/").content.decode()
    assert "3 January 2027, 10:00–21:00\u00a0WITA" in english


def test_topic_filter_is_one_select_and_works_without_javascript(client, campaign):
    for n in range(22):
        story = StoryPageFactory(parent=campaign.stories, title=f"Cerita {n}")
        story.tags.add(f"topik-{n:02d}")
        story.save()
    content = client.get("/kampanye/").content.decode()
    form = re.search(r'<form class="campaign-filters__topic".*?</form>', content, re.S).group(0)
    assert 'method="get"' in form and 'type="submit"' in form
    assert form.count("<option") == 23  # "All topics" and the 22 topics
    assert '<label class="campaign-filters__label" for="campaign-topic">' in form
    # No wall of topic chips any more.
    assert "?tag=" not in content
    # What the form sends (no script involved): the chosen topic, and the sector kept.
    response = client.get("/kampanye/", {"tag": "topik-07"})
    assert [s.title for s in response.context["stories"]] == ["Cerita 7"]
    assert '<option value="topik-07" selected>' in response.content.decode()
    assert [s.title for s in client.get("/kampanye/", {"tag": ""}).context["stories"]]


def test_centre_without_coordinates_links_to_a_map_search_of_its_address(client, campaign):
    centre = CentrePageFactory(parent=campaign.centres, latitude=None, longitude=None)
    content = client.get(centre.url).content.decode()
    query = f"Banyumulek%2C+Kediri%2C+{centre.region.name.replace(' ', '+')}"
    assert f'href="https://www.openstreetmap.org/search?query={query}"' in content
    assert "Cari alamatnya di OpenStreetMap" in content


@pytest.mark.usefixtures("page_cache_off")  # counts a render, not a cache hit
def test_centre_page_shows_its_sellers_products_as_cards_in_constant_queries(
    client, campaign, shop
):
    potter = shop.make_seller(title="Gerabah Sinar Tanah")
    outsider = shop.make_seller(title="Kopi Tambora")
    shop.make_product(seller=potter, title="Kendi Banyumulek")
    shop.make_product(seller=outsider, title="Kopi Robusta")
    centre = CentrePageFactory(parent=campaign.centres)
    centre.related_sellers.add(potter)
    centre.save_revision().publish()

    def render():
        client.get(centre.url)  # renditions and caches, as on a running site
        with CaptureQueriesContext(connection) as captured:
            response = client.get(centre.url)
        return len(captured), response

    small, response = render()
    content = response.content.decode()
    assert [p.title for p in response.context["products"]] == ["Kendi Banyumulek"]
    assert 'class="product-card"' in content and "Produk dari sentra ini" in content
    assert "css/catalogue.css" in content
    assert "Kopi Robusta" not in content
    for n in range(6):
        shop.make_product(seller=potter, title=f"Gentong {n}")
    weaver = shop.make_seller()
    shop.make_product(seller=weaver, title="Songket")
    centre.related_sellers.add(weaver)
    centre.save_revision().publish()
    large, response = render()
    assert len(response.context["products"]) == 8
    assert "Songket" in [p.title for p in response.context["products"]][:2]
    assert small == large


def test_story_showcase_cards_use_the_catalogue_card_styles(client, campaign):
    story = StoryPageFactory(parent=campaign.stories)
    assert "css/catalogue.css" in client.get(story.url).content.decode()
