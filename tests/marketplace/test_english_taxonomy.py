"""Sectors, categories, regions and certificate types in English (translatable snippets), the
English site's listings and canonical addresses, and the footer's words in English."""

import pytest

from django.utils import translation

from wagtail.models import Locale

from home.models import SiteSettings
from marketplace.taxonomy import Category, Region, Sector, share_terms, taxonomy_snapshot
from marketplace.translations import translate_snippet


@pytest.fixture
def english_terms(english):
    """English names for the food sector, the coffee category, Central Lombok and Dompu, and
    the halal certificate; the craft sector and the honey category left in Indonesian."""
    shop = english
    shop.food_en = translate_snippet(
        shop.food, "en", {"name": "Food & Drink", "description": "Processed food from NTB."}
    )
    shop.coffee_en = translate_snippet(shop.coffee, "en", {"name": "Coffee"})
    translate_snippet(shop.dompu, "en", {"name": "Dompu Regency"})
    translate_snippet(shop.central, "en", {"name": "Central Lombok"})
    translate_snippet(
        shop.halal, "en", {"name": "Halal Certificate", "issuing_body": "Halal Agency (BPJPH)"}
    )
    return shop


def test_a_translation_keeps_its_slug_and_code_and_points_at_translated_parents(english_terms):
    shop = english_terms
    english = Locale.objects.get(language_code="en")
    assert shop.food_en.slug == "pangan" and shop.food_en.locale == english
    assert shop.food_en.translation_key == shop.food.translation_key
    assert shop.coffee_en.sector == shop.food_en  # wagtail-localize: the English sector
    region = Region.objects.get(locale=english, slug="dompu")
    assert region.code == "52.05" and region.name == "Dompu Regency"
    # Everything points at the Indonesian rows; only they are listed and chosen.
    assert set(Sector.objects.in_default_locale()) == {shop.food, shop.craft}
    assert shop.kopi.category == shop.coffee


def test_english_catalogue_names_facets_and_cards_in_english(client, english_terms):
    content = client.get("/en/katalog/").content.decode()
    assert "Food &amp; Drink" in content
    assert '<p class="product-card__category">Coffee</p>' in content
    assert "· Dompu Regency" in content  # the card's region
    # The sector once, by its English name (the English row is a name, not a second sector).
    assert content.count('name="sektor" value="pangan"') == 1
    assert "Pangan" not in content.split('id="main-content"')[1].split("</main>")[0]
    indonesian = client.get("/katalog/").content.decode()
    assert "Food &amp; Drink" not in indonesian and "Pangan" in indonesian
    assert '<p class="product-card__category">Kopi</p>' in indonesian


def test_english_sector_landing_and_breadcrumbs(client, english_terms):
    content = client.get("/en/katalog/?sektor=pangan").content.decode()
    assert "<h1>Food &amp; Drink</h1>" in content
    assert "Processed food from NTB." in content
    content = client.get("/en/katalog/?sektor=pangan&kategori=kopi").content.decode()
    assert "<h1>Coffee</h1>" in content


def test_english_product_page_names_its_category_region_and_certificate(client, english_terms):
    shop = english_terms
    shop.add_certificate(shop.kopi)
    content = client.get("/en/penjual/kopi-tambora/kopi-tambora/").content.decode()
    assert "Food &amp; Drink › Coffee" in content
    assert "Halal Certificate" in content
    assert "Halal Agency (BPJPH)" in content
    assert "Dompu Regency" in content
    indonesian = client.get("/penjual/kopi-tambora/kopi-tambora/").content.decode()
    assert "Pangan › Kopi" in indonesian and "Halal Certificate" not in indonesian


def test_renaming_an_english_term_shows_at_once(client, english_terms):
    shop = english_terms
    shop.coffee_en.name = "Coffee & Beans"
    shop.coffee_en.save()
    content = client.get("/en/katalog/").content.decode()
    assert '<p class="product-card__category">Coffee &amp; Beans</p>' in content


def test_share_terms_names_a_whole_listing_from_one_snapshot(
    english_terms, django_assert_num_queries
):
    shop = english_terms
    taxonomy_snapshot()  # warm
    products = list(type(shop.kopi).objects.filter(pk__in=[shop.kopi.pk, shop.madu.pk]))
    with translation.override("en"), django_assert_num_queries(0):
        share_terms(products, "category", "origin_region")
        names = sorted(product.category.display_name for product in products)
    assert names == ["Coffee", "Madu"]


def test_page_forms_choose_among_indonesian_terms_only(english_terms):
    shop = english_terms
    form_class = type(shop.kopi).get_edit_handler().get_form_class()
    form = form_class(instance=shop.kopi, for_user=None)
    choices = set(form.fields["category"].queryset)
    assert shop.coffee in choices and shop.coffee_en not in choices
    assert Category.objects.count() == Category.objects.in_default_locale().count() + 1


def test_editors_translate_taxonomy_in_the_snippet_admin(admin_client, english_terms):
    response = admin_client.get("/admin/snippets/marketplace/sector/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Food &amp; Drink" in content and "Pangan" in content


def test_untranslated_page_under_en_names_its_indonesian_address_canonical(client, english):
    content = client.get("/en/penjual/kopi-tambora/madu-hutan/").content.decode()
    assert '<link rel="canonical" href="http://testserver/penjual/kopi-tambora/madu-hutan/">' in (
        content
    )
    content = client.get("/en/penjual/kopi-tambora/kopi-tambora/").content.decode()
    assert (
        '<link rel="canonical" href="http://testserver/en/penjual/kopi-tambora/kopi-tambora/">'
        in content
    )


def test_english_seller_directory_lists_every_seller_with_its_products(client, english):
    shop = english
    content = client.get("/en/penjual/").content.decode()
    assert "Kopi Tambora Kalabai" in content and "Tenun Dharma Setia" in content
    # The untranslated storefront is marked Indonesian and linked under /en/.
    assert 'href="/en/penjual/tenun-dharma-setia/"' in content
    assert '<article class="seller-card" lang="id">' in content
    assert shop.coffee_seller.title in content


def test_footer_words_in_english(client, english):
    settings = SiteSettings.for_site(english.home.get_site())
    settings.tagline = "Bangga pakai produk lokal"
    settings.organisation = "Dinas Perindustrian NTB"
    settings.organisation_en = "NTB Industry Office"
    settings.save()
    assert "NTB Industry Office" in client.get("/en/katalog/").content.decode()
    assert "Bangga pakai produk lokal" in client.get("/en/katalog/").content.decode()  # no English
    indonesian = client.get("/katalog/").content.decode()
    assert "Dinas Perindustrian NTB" in indonesian and "NTB Industry Office" not in indonesian


def english_titles(client, path, query):
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    context = response.context
    products = context["results"]["products"] if "results" in context else context["products"]
    return [product.title for product in products]


@pytest.mark.parametrize("path", ["/en/cari/", "/en/katalog/"])
def test_english_visitors_find_a_product_by_its_english_name(client, english, path):
    """Each product once, under its English name, whichever language's words matched."""
    assert english_titles(client, path, "Robusta Coffee") == ["Tambora Robusta Coffee"]
    assert english_titles(client, path, "kopi robusta") == ["Tambora Robusta Coffee"]
    assert english_titles(client, path, "Madu Hutan") == ["Madu Hutan Sumbawa"]


@pytest.mark.postgres
def test_english_stemming_on_postgresql(client, english):
    """ "coffees" and "slope" find "Robusta coffee from the slopes…" (the `english` configuration);
    the Indonesian configuration alone would not."""
    assert english_titles(client, "/en/katalog/", "coffees") == ["Tambora Robusta Coffee"]
    assert english_titles(client, "/en/cari/", "slope") == ["Tambora Robusta Coffee"]
    assert english_titles(client, "/katalog/", "slope") == []  # Indonesian visitors: no stemming
