"""“Did you mean …?” on the search page: a misspelt word is offered the closest word the shop
knows (pg_trgm on PostgreSQL — CI's second pass —, difflib on SQLite), only when that finds
something, never from a page the public cannot see."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.suggest import did_you_mean

pytestmark = pytest.mark.django_db

URL = "/cari/"


@pytest.fixture
def goods(shop):
    cloth = "Kain tangan dari Lombok"
    shop.add_product(
        seller=shop.weaver, category=shop.weaving, title="Tenun Songket Sukarara", summary=cloth
    )
    shop.add_product(title="Kopi Robusta Tambora", summary="Diseduh dengan air panas")
    shop.add_product(title="Gerabah Banyumulek", summary="Tanah liat", live=False)
    return shop


def body(client, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("typed", "meant"), [("tenan songket", "tenun songket"), ("kopu", "kopi")])
def test_a_misspelt_search_offers_the_word_that_finds_something(client, goods, typed, meant):
    page = body(client, typed)
    assert "Tidak ada hasil" in page or "Nothing found" in page
    assert "Maksud Anda:" in page
    assert f'href="?q={meant.replace(" ", "%20")}"' in page
    # Following the suggestion finds the product.
    assert "Sukarara" in body(client, meant) or "Tambora" in body(client, meant)


def test_no_suggestion_when_the_search_finds_something_or_nothing_is_close(client, goods):
    assert "Maksud Anda:" not in body(client, "tenun")
    assert "Maksud Anda:" not in body(client, "xyzzyq")


def test_words_of_unpublished_products_are_never_suggested(goods):
    assert did_you_mean("gerabahh") == ""
    assert did_you_mean("tenunn") == "tenun"


@pytest.mark.postgres
def test_postgres_compares_words_with_pg_trgm_in_one_query(goods):
    with CaptureQueriesContext(connection) as queries:
        assert did_you_mean("tenan") == "tenun"
    trigram = [query["sql"] for query in queries.captured_queries if "similarity(" in query["sql"]]
    assert len(trigram) == 1
