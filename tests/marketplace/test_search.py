import pytest

from home.models import HomePage
from home.search import clean_query
from tests.factories import HomePageFactory, SellerPageFactory

pytestmark = pytest.mark.django_db

URL = "/cari/"


@pytest.fixture
def goods(shop):
    beekeepers = SellerPageFactory(
        parent=shop.directory, title="Hutan Batulanteh", slug="batulanteh", region=shop.sumbawa
    )
    cloth, brew = "Kain tangan dari Lombok", "Diseduh dengan air panas"
    shop.add_product(
        seller=shop.weaver, category=shop.weaving, title="Tenun Songket Sukarara", summary=cloth
    )
    shop.add_product(
        seller=shop.weaver, category=shop.weaving, title="Selendang Tenun Ikat", summary=cloth
    )
    shop.add_product(title="Kopi Robusta Tambora", summary=brew)
    shop.add_product(title="Kopi Arabika Sembalun", summary=brew)
    shop.add_product(seller=beekeepers, category=shop.honey, title="Madu Sumbawa", summary="Murni")
    return shop


def product_titles(response):
    return {product.title for product in response.context["results"]["products"]}


def test_tenun_finds_the_songket(client, goods):
    response = client.get(URL, {"q": "tenun"})
    assert response.status_code == 200
    assert "Tenun Songket Sukarara" in product_titles(response)
    assert "Kopi Robusta Tambora" not in product_titles(response)
    # Names are highlighted, and the seller shows up in its own group.
    assert "<mark>Tenun</mark> Songket Sukarara" in response.content.decode()
    assert [s.title for s in response.context["results"]["sellers"]] == ["Tenun Dharma Setia"]
    # Its live products, counted as in the directory.
    assert 'seller-card__count">2 produk<' in response.content.decode()
    goods.weaver.get_children().live().first().specific.unpublish()
    assert 'seller-card__count">1 produk<' in client.get(URL, {"q": "tenun"}).content.decode()


def test_kopi_finds_the_coffees(client, goods):
    response = client.get(URL, {"q": "kopi"})
    assert {"Kopi Robusta Tambora", "Kopi Arabika Sembalun"} <= product_titles(response)
    assert "Madu Sumbawa" not in product_titles(response)


def test_search_matches_case_insensitively_and_all_words(client, goods):
    assert product_titles(client.get(URL, {"q": "SONGKET sukarara"})) == {"Tenun Songket Sukarara"}


def test_search_finds_by_seller_and_region(client, goods):
    assert "Kopi Robusta Tambora" in product_titles(client.get(URL, {"q": "Kalabai"}))


def test_other_indexed_page_types_show_up_typed(client, goods):
    # Any other live page type in the index (e.g. a campaign story later) is listed with its type.
    HomePageFactory(parent=goods.home, title="Tenun di Festival Bau Nyale", slug="festival")
    response = client.get(URL, {"q": "festival"})
    others = response.context["results"]["others"]
    assert [(page.title, str(kind)) for page, kind in others] == [
        ("Tenun di Festival Bau Nyale", str(HomePage._meta.verbose_name))
    ]
    assert "Tenun di <mark>Festival</mark> Bau Nyale" in response.content.decode()


def test_products_and_sellers_are_never_listed_again_as_other_pages(client, goods):
    HomePageFactory(parent=goods.home, title="Tenun di Festival Bau Nyale", slug="festival")
    response = client.get(URL, {"q": "tenun"})
    results = response.context["results"]
    assert results["products"] and results["sellers"]  # they match "tenun" too
    assert [page.title for page, _kind in results["others"]] == ["Tenun di Festival Bau Nyale"]


def test_empty_query_shows_guidance(client, goods):
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Apa yang Anda cari?" in content
    assert response.context["results"] is None


def test_nothing_found(client, goods):
    content = client.get(URL, {"q": "zzzzqqq"}).content.decode()
    assert "Tidak ada hasil untuk" in content


@pytest.mark.parametrize(
    "query",
    [
        "tenun " * 400,  # 2,400 characters
        "k" * 2000,
        '"(tenun* OR kopi)" AND -madu:^2 ~ NEAR/3 {} [] <> \\ ; -- /* */',
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "\u200b\ufeff",
        "%%%___***",
        "تenun 😀 кофе",
    ],
)
def test_odd_queries_are_handled_calmly(client, goods, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_nul_in_a_query_is_a_clear_bad_request(client, goods):
    # One rule for the whole site (pasarlokal/core/middleware.py): PostgreSQL cannot take NUL.
    assert client.get(URL, {"q": "\u0000\u200b\ufeff"}).status_code == 400


def test_long_query_still_finds_with_its_first_words(client, goods):
    response = client.get(URL, {"q": "tenun songket " + "x" * 3000})
    assert response.status_code == 200


def test_clean_query():
    assert clean_query('  "tenun"  (songket)* ') == "tenun songket"
    assert len(clean_query("kopi " * 1000)) <= 200
    assert clean_query("*** ^^^") == ""
