"""The stories feed is valid RSS/Atom; each event's .ics parses and carries WITA times."""

import datetime
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.campaign.factories import EventPageFactory, StoryPageFactory

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
ATOM = "{http://www.w3.org/2005/Atom}"


def test_rss_feed_is_valid_xml_with_newest_story_first(client, campaign):
    older = StoryPageFactory(
        parent=campaign.stories, title="Cerita lama", date=datetime.date(2026, 1, 5)
    )
    newer = StoryPageFactory(
        parent=campaign.stories, title="Cerita baru & segar", date=datetime.date(2026, 3, 1)
    )
    draft = StoryPageFactory(parent=campaign.stories, title="Belum terbit", live=False)
    response = client.get("/kampanye/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [newer.title, older.title]
    assert draft.title not in response.content.decode()
    assert items[0].findtext("link") == f"http://testserver{newer.url}"
    assert items[0].findtext("description") == newer.intro
    assert items[0].findtext("pubDate").startswith("Sun, 01 Mar 2026")


def test_atom_feed_is_valid_xml(client, campaign):
    story = StoryPageFactory(parent=campaign.stories, title="Tenun Sukarara")
    response = client.get("/kampanye/feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [story.title]
    assert entries[0].find(f"{ATOM}author").findtext(f"{ATOM}name") == story.author.name


def test_campaign_index_advertises_its_feeds(client, campaign):
    content = client.get("/kampanye/").content.decode()
    assert 'type="application/rss+xml"' in content and 'href="/kampanye/feed/"' in content


def test_ics_carries_wita_times(client, campaign):
    start = datetime.datetime(2026, 12, 9, 9, 0, tzinfo=WITA)
    event = EventPageFactory(
        parent=campaign.events,
        title="Roadshow Sentra IKM Sukarara",
        start=start,
        end=start + datetime.timedelta(hours=6),
        venue="Balai Desa Sukarara",
    )
    response = client.get(f"/agenda/{event.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert f'filename="{event.slug}.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    [vevent] = calendar.walk("VEVENT")
    dtstart, dtend = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert dtstart == start and dtend == start + datetime.timedelta(hours=6)
    assert (dtstart.hour, dtend.hour) == (9, 15)  # wall-clock WITA, not UTC
    assert str(dtstart.tzinfo) == "Asia/Makassar"
    assert dtstart.utcoffset() == datetime.timedelta(hours=8)
    assert str(vevent["SUMMARY"]) == "Roadshow Sentra IKM Sukarara"
    assert "Balai Desa Sukarara" in str(vevent["LOCATION"])
    assert str(vevent["URL"]) == f"http://testserver{event.url}"
    # The file names its time zone, so calendars without tz data still show 09:00 WITA.
    [vtimezone] = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Asia/Makassar"
    assert b"DTSTART;TZID=Asia/Makassar:20261209T090000" in response.content


def test_ics_of_a_draft_event_is_not_found(client, campaign):
    event = EventPageFactory(parent=campaign.events, live=False)
    assert client.get(f"/agenda/{event.pk}.ics").status_code == 404
    assert client.get("/agenda/999999.ics").status_code == 404
