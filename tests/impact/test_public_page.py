"""The public impact page (/dampak/): editable intro, four cached headline numbers."""

from types import SimpleNamespace

import pytest

from wagtail.models import Page

from home.models import HomePage
from impact.models import ImpactPage
from pasarlokal.demo import impact as demo

from .factories import ContactClickFactory, PledgeFactory, wita

pytestmark = pytest.mark.django_db


@pytest.fixture
def impact_page(home_page):
    page = ImpactPage(title="Dampak Kampanye", slug="dampak", intro="<p>Angka kampanye kita.</p>")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_page_type_lives_under_the_home_page_only():
    assert ImpactPage.can_create_at(HomePage()) is True
    assert ImpactPage.can_create_at(Page()) is False
    assert ImpactPage.allowed_subpage_models() == []
    assert ImpactPage in HomePage.allowed_subpage_models()
    assert ImpactPage.max_count == 1


def test_page_shows_intro_and_the_four_numbers(client, dataset, impact_page):
    response = client.get("/dampak/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Angka kampanye kita." in html
    numbers = response.context["numbers"]
    # 2 live sellers, 3 live products, 3 pledges agreed to be counted, 10 contacts in March.
    assert numbers == {
        "sellers": 2,
        "products": 3,
        "pledges": 3,
        "contacts_this_month": 10,
        # The office's programme this year (none in this dataset; see tests/programme).
        "certificates_facilitated": 0,
        "products_passed_tests": 0,
    }
    assert "IKM bergabung" in html
    assert "sertifikat difasilitasi tahun ini" in html
    english = client.get("/en/dampak/").content.decode()
    assert "IKM joined" in english
    assert "times shoppers contacted a seller this month" in english


def test_numbers_are_cached_briefly(client, dataset, impact_page, page_cache_off):
    # The impact numbers have their own short cache, below the shared page cache.
    client.get("/dampak/")
    PledgeFactory(region=dataset.lombok, created_at=wita(2026, 3, 14))
    ContactClickFactory(product=dataset.p1, created_at=wita(2026, 3, 14))
    response = client.get("/dampak/")
    assert response.context["numbers"]["pledges"] == 3  # still the cached figure
    assert response.context["numbers"]["contacts_this_month"] == 10


def test_page_is_cheap(client, dataset, impact_page, django_assert_max_num_queries):
    client.get("/dampak/")
    with django_assert_max_num_queries(12):
        client.get("/dampak/")


def test_demo_creates_the_page_once(home_page):
    ctx = SimpleNamespace(home=home_page, log=lambda message: None)
    demo.seed(ctx)
    demo.seed(ctx)
    pages = ImpactPage.objects.all()
    assert pages.count() == 1
    assert pages.get().url_path.endswith("/dampak/")
    assert pages.get().live
    assert Page.objects.get(pk=pages.get().pk).get_parent().pk == home_page.pk
