import xml.etree.ElementTree as ET

import pytest

from django.db import connection

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from pasarlokal.core.money import format_rupiah
from tests.factories import CatalogueIndexPageFactory, SellerIndexPageFactory

pytestmark = pytest.mark.django_db


def test_health_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_health_answers_503_when_database_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503


def test_robots_points_at_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_sitemap_is_xml_listing_live_pages(client, home_page):
    CatalogueIndexPageFactory(parent=home_page)
    draft = SellerIndexPageFactory(parent=home_page)
    draft.unpublish()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ET.fromstring(response.content)
    locations = [el.text for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "http://testserver/" in locations
    assert "http://testserver/katalog/" in locations
    assert "http://testserver/penjual/" not in locations


def test_home_page_renders_in_indonesian_and_english(client, home_page):
    CatalogueIndexPageFactory(parent=home_page)
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="id">' in content
    assert "Lewati ke konten utama" in content
    assert 'href="/katalog/"' in content
    response = client.get("/en/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "Skip to main content" in content
    # Links inside the English site stay in English.
    assert 'href="/en/katalog/"' in content
    # The language switcher offers the same page in the other language.
    assert 'href="/" hreflang="id"' in content


def test_home_page_query_count_is_small(client, home_page, django_assert_max_num_queries):
    CatalogueIndexPageFactory(parent=home_page)
    SellerIndexPageFactory(parent=home_page)
    client.get("/")  # warm the site-root cache as a running site would have it
    with django_assert_max_num_queries(10):
        response = client.get("/")
    assert response.status_code == 200


def test_unknown_page_is_a_friendly_404(client, home_page):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.parametrize(
    "amount, expected",
    [(0, "Rp0"), (500, "Rp500"), (150000, "Rp150.000"), (1250000, "Rp1.250.000"), (None, "")],
)
def test_rupiah_formatting(amount, expected):
    assert format_rupiah(amount) == expected


class TestHomePageRules(WagtailPageTestCase):
    def test_home_only_under_root(self):
        self.assertCanCreateAt(Page, HomePage)

    def test_only_one_home(self):
        root = Page.get_first_root_node()
        root.add_child(instance=HomePage(title="Beranda", slug="beranda-x"))
        self.assertFalse(HomePage.can_create_at(root))


def test_hero_call_to_action_links_the_chosen_page(client, home_page):
    catalogue = CatalogueIndexPageFactory(parent=home_page)
    home_page.hero_cta_label = "Jelajahi katalog"
    home_page.hero_cta_page = catalogue
    home_page.save_revision().publish()
    content = client.get("/").content.decode()
    assert 'href="/katalog/">Jelajahi katalog</a>' in content
    content = client.get("/en/").content.decode()
    assert 'href="/en/katalog/">Jelajahi katalog</a>' in content
