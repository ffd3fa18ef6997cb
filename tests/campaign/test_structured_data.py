"""JSON-LD on every page type, absolute URLs from the configured site host, and the .ics fixes."""

import datetime
import json
import re

import pytest
from icalendar import Calendar

from wagtail.models import Site

from home.models import SiteSettings
from tests.campaign.factories import EventPageFactory, StoryPageFactory

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(response):
    assert response.status_code == 200
    blocks = [json.loads(text) for text in LD.findall(response.content.decode())]
    found = {}
    for block in blocks:
        for item in block.get("@graph", [block]):
            found.setdefault(item["@type"], []).append(item)
    return found


@pytest.fixture
def public_host(home_page):
    """The site's host is configured; requests still arrive as "localhost" (a proxy, a test)."""
    site = home_page.get_site()
    site.hostname, site.port = "pasarlokal.example", 443
    site.save()  # through save(): Wagtail forgets its cached site root paths
    return "https://pasarlokal.example"


def get(client, url):
    return client.get(url, HTTP_HOST="localhost", SERVER_NAME="localhost")


def assert_no_localhost(response):
    body = response.content.decode()
    assert "localhost" not in body, re.findall(r".{60}localhost.{40}", body)[:3]


@pytest.fixture
def site(campaign, shop, public_host, settings):
    settings.ALLOWED_HOSTS = ["localhost", "pasarlokal.example", "testserver"]
    product = shop.make_product(title="Songket Subahnale")
    event = EventPageFactory(
        parent=campaign.events,
        title="Bazar Lombok",
        start=datetime.datetime(2026, 12, 20, 9, 0, tzinfo=datetime.UTC),
    )
    story = StoryPageFactory(parent=campaign.stories, title="Cerita Tenun")
    return {"product": product, "event": event, "story": story, "seller": shop.seller}


def test_home_has_organization_and_website_with_search_action(client, site, public_host):
    response = get(client, "/")
    found = json_ld(response)
    [organisation] = found["Organization"]
    [website] = found["WebSite"]
    assert organisation["url"] == f"{public_host}/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{public_host}/cari/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert_no_localhost(response)


def test_event_has_event_with_location_and_wita_times(client, site, public_host):
    event = site["event"]
    response = get(client, event.url)
    found = json_ld(response)
    [data] = found["Event"]
    assert data["name"] == "Bazar Lombok"
    assert data["startDate"] == "2026-12-20T17:00:00+08:00"  # 09:00 UTC is 17:00 WITA
    assert data["endDate"].endswith("+08:00")
    assert data["location"]["name"] == event.venue
    assert data["location"]["address"]["addressRegion"] == event.region.name
    assert data["url"] == f"{public_host}{event.url}"
    assert data["image"][0].startswith(public_host)
    assert [i["name"] for i in found["BreadcrumbList"][0]["itemListElement"]][-1] == event.title
    assert_no_localhost(response)


def test_storefront_has_store_with_address_and_region(client, site, public_host):
    seller = site["seller"]
    response = get(client, seller.url)
    found = json_ld(response)
    [store] = found["Store"]
    assert store["name"] == seller.title
    assert store["address"]["addressRegion"] == seller.region.name
    assert store["url"] == f"{public_host}{seller.url}"
    crumbs = found["BreadcrumbList"][0]["itemListElement"]
    assert crumbs[0]["item"] == f"{public_host}/" and crumbs[-1]["name"] == seller.title
    assert_no_localhost(response)


def test_story_has_news_article(client, site, public_host):
    story = site["story"]
    response = get(client, story.url)
    found = json_ld(response)
    [article] = found["NewsArticle"]
    assert article["headline"] == "Cerita Tenun"
    assert article["datePublished"] == story.date.isoformat()
    assert article["image"][0].startswith(public_host)
    assert found["BreadcrumbList"]
    assert_no_localhost(response)


def test_every_page_with_breadcrumbs_has_a_breadcrumb_list(client, site, public_host, campaign):
    pages = [site["product"].url, "/katalog/", site["seller"].url, site["event"].url]
    pages += [site["story"].url, campaign.events.url, campaign.centres.url, campaign.stories.url]
    for url in pages:
        response = get(client, url)
        body = response.content.decode()
        assert 'class="breadcrumbs"' in body, url
        [crumbs] = json_ld(response)["BreadcrumbList"]
        items = crumbs["itemListElement"]
        assert [i["position"] for i in items] == list(range(1, len(items) + 1))
        assert all(i["item"].startswith(public_host) for i in items), url
        assert_no_localhost(response)
    product = json_ld(get(client, site["product"].url))["Product"][0]
    assert product["url"].startswith(public_host) and product["image"][0].startswith(public_host)


def test_ics_organizer_mailto_absolute_urls_and_a_uid_that_survives_a_host_change(
    client, site, public_host, home_page
):
    settings_row = SiteSettings.for_site(home_page.get_site())
    settings_row.email = "disperin@ntbprov.example"
    settings_row.save()
    event = site["event"]
    response = get(client, f"/agenda/{event.pk}.ics")
    [vevent] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["ORGANIZER"]) == "mailto:disperin@ntbprov.example"
    assert vevent["ORGANIZER"].params["CN"] == event.organiser
    assert str(vevent["URL"]) == f"{public_host}{event.url}"
    uid = str(vevent["UID"])
    assert "localhost" not in uid and "pasarlokal.example" not in uid
    configured = Site.objects.get(is_default_site=True)
    configured.hostname = "agenda.pasarlokal.example"
    configured.save()
    [again] = Calendar.from_ical(get(client, f"/agenda/{event.pk}.ics").content).walk("VEVENT")
    assert str(again["UID"]) == uid
    assert str(again["URL"]).startswith("https://agenda.pasarlokal.example/")


def test_upcoming_events_calendar_is_linked_from_the_events_index(client, site, campaign):
    past = EventPageFactory(
        parent=campaign.events,
        title="Sudah Lewat",
        start=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
        end=datetime.datetime(2020, 1, 2, tzinfo=datetime.UTC),
    )
    index = get(client, campaign.events.url).content.decode()
    assert 'href="/agenda.ics"' in index
    response = get(client, "/agenda.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert "Bazar Lombok" in summaries and past.title not in summaries
    assert str(calendar["X-WR-CALNAME"])


def test_lost_hero_image_files_leave_stories_and_events_without_a_photo(client, site):
    for page in (site["story"], site["event"]):
        image = page.hero_image
        assert image is not None
        image.renditions.all().delete()
        image.file.storage.delete(image.file.name)
    found = json_ld(get(client, site["story"].url))
    [article] = found["NewsArticle"]
    assert article["headline"] == "Cerita Tenun"
    assert not article.get("image")
    [event] = json_ld(get(client, site["event"].url))["Event"]
    assert event["name"] == "Bazar Lombok"
    assert not event.get("image")
