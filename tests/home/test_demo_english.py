"""The demo site in English (issue #16): seed_demo translates the main pages, four stories and
twenty products with wagtail-localize; the rest shows in Indonesian with the note."""

import pytest

from django.core.management import call_command

from campaign.stories import StoryPage
from marketplace.products import ProductPage


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--skip-index", verbosity=0)


def english_pages(model):
    return model.objects.live().filter(locale__language_code="en")


def test_demo_english_home_catalogue_product_story_taxonomy_events_and_centres(client, demo):
    home = client.get("/en/").content.decode()
    assert '<html lang="en">' in home
    assert "Proud to buy local" in home
    assert "Electric motorbikes built by vocational students" in home  # the featured story
    assert "Available in Indonesian only" not in home

    catalogue = client.get("/en/katalog/").content.decode()
    assert "<h1" in catalogue and "Catalogue" in catalogue
    honey = client.get("/en/katalog/?kategori=madu").content.decode()
    assert "Sumbawa Wild Forest Honey 500 ml" in honey
    assert "Sumbawa Honeycomb" in honey
    # An untranslated honey stays Indonesian, marked as such.
    assert '<h3 class="product-card__title" lang="id">Madu Sumbawa Hutan 250 ml</h3>' in honey

    assert english_pages(ProductPage).count() >= 20
    motorbike = english_pages(ProductPage).get(title="TeFa Electric Motorbike by SMK North Lombok")
    product = client.get(motorbike.url)
    assert product.status_code == 200
    content = product.content.decode()
    assert "TeFa Electric Motorbike by SMK North Lombok" in content
    assert "An electric motorbike built by vocational students" in content
    assert "Available in Indonesian only" not in content

    assert english_pages(StoryPage).count() >= 4
    story = english_pages(StoryPage).first()
    body = client.get(story.url).content.decode()
    assert story.title in body
    assert "Available in Indonesian only" not in body

    # One seed_demo for both halves (it is the slow part): taxonomy, events and centres.
    catalogue = client.get("/en/katalog/").content.decode()
    for name in ("Food &amp; Drink", "Creative Economy", "Central Lombok", "Mataram City"):
        assert name in catalogue
    assert "Ekonomi Kreatif" not in catalogue
    coffee = client.get("/en/katalog/?sektor=pangan&kategori=kopi-teh").content.decode()
    assert "<h1>Coffee &amp; Tea</h1>" in coffee
    events = client.get("/en/agenda/").content.decode()
    assert "NTB Local Products Expo" in events
    centres = client.get("/en/sentra-ikm/").content.decode()
    assert "Banyumulek pottery centre" in centres and "West Lombok" in centres
    assert 'lang="id"' not in centres.split("<main")[1]  # every demo centre is translated
