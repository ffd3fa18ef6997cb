"""Page-type rules, rendering and admin preview of every campaign page type (and the home page)."""

import datetime

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from campaign.models import (
    CampaignIndexPage,
    CentreIndexPage,
    CentrePage,
    EventIndexPage,
    EventPage,
    StoryPage,
)
from home.models import HomePage
from tests.campaign.factories import (
    AuthorFactory,
    CampaignIndexPageFactory,
    CentreIndexPageFactory,
    CentrePageFactory,
    CentrePhotoFactory,
    EventIndexPageFactory,
    EventPageFactory,
    StoryPageFactory,
)
from tests.factories import HomePageFactory, RegionFactory, SectorFactory

pytestmark = pytest.mark.django_db


def list_block(values):
    """Form data for a ListBlock holding `values`."""
    data = {"count": str(len(values))}
    for index, value in enumerate(values):
        data[str(index)] = {"value": value, "deleted": "", "order": str(index), "id": ""}
    return data


class PageTypeRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        Site.objects.all().delete()
        for child in root.get_children():
            child.delete()
        cls.home = HomePageFactory(parent=root, slug="beranda")
        Site.objects.create(hostname="testserver", root_page=cls.home, is_default_site=True)
        cls.stories = CampaignIndexPageFactory(parent=cls.home)
        cls.events = EventIndexPageFactory(parent=cls.home)
        cls.centres = CentreIndexPageFactory(parent=cls.home)

    def setUp(self):
        # force_login: django-axes wants a request on every authenticate() call.
        self.user = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw")
        self.client.force_login(self.user)

    def test_indexes_live_under_the_home_page_only(self):
        for index in (CampaignIndexPage, EventIndexPage, CentreIndexPage):
            self.assertAllowedParentPageTypes(index, {HomePage})
        self.assertCanNotCreateAt(CampaignIndexPage, CampaignIndexPage)
        self.assertCanNotCreateAt(Page, StoryPage)

    def test_children_live_only_under_their_index(self):
        self.assertAllowedSubpageTypes(CampaignIndexPage, {StoryPage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedSubpageTypes(CentreIndexPage, {CentrePage})
        self.assertAllowedParentPageTypes(StoryPage, {CampaignIndexPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedParentPageTypes(CentrePage, {CentreIndexPage})
        for leaf in (StoryPage, EventPage, CentrePage):
            self.assertAllowedSubpageTypes(leaf, set())

    def test_each_index_exists_once(self):
        # The indexes already exist, so the home page offers no second one.
        allowed = set(HomePage.creatable_subpage_models())
        self.assertTrue({CampaignIndexPage, EventIndexPage, CentreIndexPage} <= allowed)
        for index in (CampaignIndexPage, EventIndexPage, CentreIndexPage):
            self.assertEqual(index.max_count, 1)
            self.assertFalse(index.can_create_at(self.home))

    def test_editor_creates_a_story_with_every_kind_of_block_through_the_admin(self):
        sector = SectorFactory()
        author = AuthorFactory()
        data = nested_form_data(
            {
                "title": "Motor listrik buatan SMK",
                "slug": "motor-listrik-smk",
                "intro": "Siswa merakit motor listrik.",
                "date": "2026-11-20",
                "author": author.pk,
                "tags": "motor listrik, SMK",
                "body": streamfield(
                    [
                        ("heading", {"text": "Dari bengkel", "level": "h2"}),
                        ("paragraph", rich_text("<p>Bengkel sekolah.</p>")),
                        (
                            "quote",
                            {"quote": "Bisa dibuat di NTB.", "attribution": "Guru", "role": ""},
                        ),
                        ("key_figure", {"figure": "2 SMK", "label": "merakit", "source": ""}),
                        (
                            "call_to_action",
                            {
                                "label": "Katalog",
                                "page": "",
                                "url": "https://example.org/",
                                "text": "",
                            },
                        ),
                    ]
                ),
                "comments": inline_formset([]),
            }
        )
        data["sectors"] = [sector.pk]  # a multiple choice, which nested_form_data would flatten
        self.assertCanCreate(self.stories, StoryPage, data)
        story = StoryPage.objects.get(slug="motor-listrik-smk")
        self.assertEqual(
            [b.block_type for b in story.body],
            ["heading", "paragraph", "quote", "key_figure", "call_to_action"],
        )
        self.assertEqual(list(story.sectors.all()), [sector])


# --- Rendering -------------------------------------------------------------------------


def test_story_page_renders_with_byline_sectors_and_tags(client, campaign):
    sector = SectorFactory(name="Ekonomi Kreatif")
    story = StoryPageFactory(parent=campaign.stories, title="Tenun untuk sehari-hari")
    story.sectors.add(sector)
    story.tags.add("tenun")
    story.save_revision().publish()
    response = client.get(story.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Tenun untuk sehari-hari</h1>" in content
    assert story.author.name in content
    assert "Ekonomi Kreatif" in content
    assert "?tag=tenun" in content
    assert 'aria-current="page"' in content  # breadcrumbs


def test_event_page_shows_wita_times_and_an_ics_link(client, campaign):
    start = datetime.datetime(
        2026, 12, 9, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
    )
    event = EventPageFactory(
        parent=campaign.events, start=start, end=start + datetime.timedelta(hours=6)
    )
    response = client.get(event.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "09.00–15.00\u00a0WITA" in content
    assert f'href="/agenda/{event.pk}.ics"' in content


def test_centre_page_links_to_openstreetmap_without_loading_tiles(client, campaign):
    centre = CentrePageFactory(
        parent=campaign.centres, latitude="-8.627400", longitude="116.113900"
    )
    CentrePhotoFactory(centre=centre)
    response = client.get(centre.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert (
        "https://www.openstreetmap.org/?mlat=-8.62740&amp;mlon=116.11390#map=15/-8.62740/116.11390"
        in content
    )
    assert "tile.openstreetmap" not in content


def test_centre_without_location_shows_no_pinned_map_link(client, campaign):
    centre = CentrePageFactory(parent=campaign.centres, latitude=None, longitude=None)
    response = client.get(centre.url)
    assert response.status_code == 200
    # No pin to point at (the address search is tested in test_polish.py).
    assert "mlat=" not in response.content.decode()


def test_event_cannot_end_before_it_starts(campaign):
    from django.core.exceptions import ValidationError

    event = EventPage(
        title="Salah",
        slug="salah",
        venue="Mataram",
        start=timezone.now(),
        end=timezone.now() - datetime.timedelta(hours=1),
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "end" in error.value.message_dict


def test_index_pages_render_in_both_languages(client, campaign):
    StoryPageFactory(parent=campaign.stories)
    EventPageFactory(parent=campaign.events)
    CentrePageFactory(parent=campaign.centres)
    for path in ("/kampanye/", "/agenda/", "/sentra-ikm/"):
        assert client.get(path).status_code == 200
        response = client.get("/en" + path)
        assert response.status_code == 200
        assert '<html lang="en">' in response.content.decode()


# --- Preview through the admin ---------------------------------------------------------


def _preview(admin_client, page, data):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    response = admin_client.post(url, nested_form_data({**data, "comments": inline_formset([])}))
    assert response.status_code == 200
    assert response.json() == {"is_valid": True, "is_available": True}, response.json()
    return admin_client.get(url)


def test_preview_of_every_page_type(admin_client, campaign, shop):
    product = shop.make_product(title="Kendi Banyumulek")
    region = RegionFactory()
    story = StoryPageFactory(parent=campaign.stories)
    event = EventPageFactory(parent=campaign.events)
    centre = CentrePageFactory(parent=campaign.centres)
    cases = [
        (
            campaign.home,
            {
                "title": "Beranda",
                "slug": "beranda",
                "hero_heading": "Pratinjau beranda",
                "products_heading": "Produk pilihan",
                "products_count": "8",
                "show_sectors": "on",
                "events_count": "3",
                "show_pledge": "on",
                "stories_count": "3",
                "featured_product_choices": inline_formset([{"product": product.pk}]),
            },
            "Pratinjau beranda",
        ),
        (
            campaign.stories,
            {"title": "Kampanye pratinjau", "slug": "kampanye", "pledge_heading": "Ikrar"},
            "Kampanye pratinjau",
        ),
        (campaign.events, {"title": "Agenda pratinjau", "slug": "agenda"}, "Agenda pratinjau"),
        (campaign.centres, {"title": "Sentra pratinjau", "slug": "sentra-ikm"}, "Sentra pratinjau"),
        (
            story,
            {
                "title": "Cerita pratinjau",
                "slug": story.slug,
                "intro": "Intro",
                "date": "2026-11-20",
                "body": streamfield(
                    [
                        ("paragraph", rich_text("<p>Isi pratinjau</p>")),
                        (
                            "product_showcase",
                            {"heading": "Pilihan", "products": list_block([product.pk])},
                        ),
                    ]
                ),
            },
            "Isi pratinjau",
        ),
        (
            event,
            {
                "title": "Acara pratinjau",
                "slug": event.slug,
                "start": "2026-12-09 09:00",
                "end": "2026-12-09 15:00",
                "venue": "Taman Sangkareang",
                "body": streamfield([]),
            },
            "Taman Sangkareang",
        ),
        (
            centre,
            {
                "title": "Sentra pratinjau",
                "slug": centre.slug,
                "region": region.pk,
                "latitude": "-8.6",
                "longitude": "116.1",
                "photos": inline_formset([]),
            },
            "Sentra pratinjau",
        ),
    ]
    for page, data, expected in cases:
        response = _preview(admin_client, page, data)
        assert response.status_code == 200, page
        content = response.content.decode()
        assert expected in content, (page, content[:500])
        assert "preview_error" not in response.templates[0].name if response.templates else True
    # The product chosen in the draft shows in the home preview before anything is published.
    response = _preview(admin_client, campaign.home, cases[0][1])
    assert "Kendi Banyumulek" in response.content.decode()


def test_admin_edit_views_of_every_page_type_render(admin_client, campaign, shop):
    pages = [
        campaign.home,
        campaign.stories,
        campaign.events,
        campaign.centres,
        StoryPageFactory(parent=campaign.stories),
        EventPageFactory(parent=campaign.events),
        CentrePageFactory(parent=campaign.centres),
    ]
    for page in pages:
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page
    content = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[campaign.home.pk])
    ).content.decode()
    assert "featured_product_choices" in content and "id_featured_story" in content
