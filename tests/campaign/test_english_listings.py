"""The English campaign sections list every story, event and centre: the translated ones in
English, the others in Indonesian marked lang="id" and linked under /en/."""

import pytest

from wagtail.models import Locale

from marketplace.translations import translate_page, translate_snippet
from tests.campaign.factories import CentrePageFactory, EventPageFactory, StoryPageFactory


@pytest.fixture
def english_campaign(campaign):
    Locale.objects.get_or_create(language_code="en")
    translate_page(campaign.home, "en", {"title": "Home"})
    for index, title in (
        (campaign.stories, "Campaign"),
        (campaign.events, "Events"),
        (campaign.centres, "Industry centres"),
    ):
        translate_page(index, "en", {"title": title})
    campaign.tenun = StoryPageFactory(parent=campaign.stories, title="Cerita tenun Sukarara")
    campaign.kopi = StoryPageFactory(parent=campaign.stories, title="Cerita kopi Tambora")
    translate_page(
        campaign.kopi, "en", {"title": "The coffee of Mount Tambora", "intro": "Coffee story."}
    )
    campaign.expo = EventPageFactory(parent=campaign.events, title="Pameran Kriya Mataram")
    campaign.gerabah = CentrePageFactory(parent=campaign.centres, title="Sentra Gerabah Banyumulek")
    translate_snippet(campaign.gerabah.region, "en", {"name": "West Lombok"})
    return campaign


def test_english_story_index_lists_every_story(client, english_campaign):
    content = client.get("/en/kampanye/").content.decode()
    assert "The coffee of Mount Tambora" in content
    assert "Cerita kopi Tambora" not in content
    assert "Cerita tenun Sukarara" in content  # untranslated, still listed
    assert '<article class="story-card" lang="id">' in content
    assert content.count('<article class="story-card"') == 2
    assert f'href="/en{english_campaign.tenun.url}"' in content


def test_english_event_and_centre_indexes_list_the_indonesian_ones(client, english_campaign):
    events = client.get("/en/agenda/").content.decode()
    assert "Pameran Kriya Mataram" in events
    assert 'lang="id"' in events
    assert f'href="/en{english_campaign.expo.url}"' in events
    centres = client.get("/en/sentra-ikm/").content.decode()
    assert "Sentra Gerabah Banyumulek" in centres
    assert "West Lombok" in centres  # the region's English name, as a card line and a filter
    assert f'href="/en{english_campaign.gerabah.url}"' in centres
    # The untranslated page itself is served under /en/ in Indonesian, never a 404.
    page = client.get(f"/en{english_campaign.expo.url}")
    assert page.status_code == 200
    assert "Available in Indonesian only" in page.content.decode()


def test_site_search_shows_a_story_once_in_the_visitors_language(client, english_campaign):
    def others(path):
        response = client.get(path, {"q": "Tambora"})
        assert response.status_code == 200
        return [page.title for page, _label in response.context["results"]["others"]]

    assert others("/en/cari/") == ["The coffee of Mount Tambora"]
    assert others("/cari/") == ["Cerita kopi Tambora"]
