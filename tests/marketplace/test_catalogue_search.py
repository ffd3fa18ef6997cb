"""Text search inside the catalogue, combined with facets, sort and paging; /cari/ links to it."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def goods(shop):
    cloth = "Kain tangan dari Lombok"
    shop.add_product(
        seller=shop.weaver,
        category=shop.weaving,
        title="Tenun Songket Sukarara",
        summary=cloth,
        price=900_000,
        origin_region=shop.central,
    )
    shop.add_product(
        seller=shop.weaver,
        category=shop.weaving,
        title="Selendang Tenun Ikat",
        summary=cloth,
        price=250_000,
        origin_region=shop.sumbawa,
    )
    shop.add_product(title="Kopi Robusta Tambora", summary="Diseduh", price=85_000)
    return shop


def titles(response):
    return [product.title for product in response.context["products"]]


def test_text_search_narrows_the_catalogue_and_keeps_facets_sort_and_pages(client, goods):
    response = client.get("/katalog/", {"q": "tenun"})
    assert set(titles(response)) == {"Tenun Songket Sukarara", "Selendang Tenun Ikat"}
    assert response.context["total"] == 2
    cheap_first = client.get("/katalog/", {"q": "tenun", "urut": "harga-naik"})
    assert titles(cheap_first) == ["Selendang Tenun Ikat", "Tenun Songket Sukarara"]
    in_region = client.get("/katalog/", {"q": "tenun", "wilayah": "sumbawa"})
    assert titles(in_region) == ["Selendang Tenun Ikat"]
    other_sector = client.get("/katalog/", {"q": "tenun", "sektor": "pangan"})
    assert titles(other_sector) == []
    html = cheap_first.content.decode()
    assert 'name="q" value="tenun"' in html
    # The sort form keeps the query.
    assert '<input type="hidden" name="q" value="tenun">' in html
    assert client.get("/katalog/", {"q": "tenun", "page": "9"}).status_code == 404


def test_site_search_links_into_the_catalogue(client, goods):
    html = client.get("/cari/", {"q": "tenun"}).content.decode()
    assert 'href="/katalog/?q=tenun"' in html
