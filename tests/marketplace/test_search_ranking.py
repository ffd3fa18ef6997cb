"""Search: Indonesian stemming on PostgreSQL; names ranked far above descriptions on both
databases (SQLite ranks with FTS5's bm25 in one query)."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def goods(shop):
    shop.add_product(
        seller=shop.weaver,
        category=shop.weaving,
        title="Stiker Motif Lombok",
        summary="Stiker vinil",
        description="<p>Gambar tenun songket di atas stiker, cocok untuk laptop.</p>",
    )
    shop.add_product(
        seller=shop.weaver,
        category=shop.weaving,
        title="Tenun Songket Sukarara",
        summary="Kain tangan dari Lombok",
    )
    shop.add_product(title="Kopi Robusta Tambora", summary="Diseduh dengan air panas")
    return shop


def titles(client, query):
    response = client.get("/cari/", {"q": query})
    assert response.status_code == 200
    return [product.title for product in response.context["results"]["products"]]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "expected"),
    [("tenunan", "Tenun Songket Sukarara"), ("kopinya", "Kopi Robusta Tambora")],
)
def test_indonesian_stemming_finds_the_root_word(client, goods, query, expected):
    assert expected in titles(client, query)


def test_the_product_named_tenun_songket_ranks_above_one_that_mentions_it(client, goods):
    found = titles(client, "tenun songket")
    assert found[0] == "Tenun Songket Sukarara"
    assert "Stiker Motif Lombok" in found


def test_the_catalogue_lists_a_text_search_best_first(client, goods):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/katalog/", {"q": "tenun songket"})
    found = [product.title for product in response.context["products"]]
    assert found == ["Tenun Songket Sukarara", "Stiker Motif Lombok"]
    assert response.context["total"] == 2
    if connection.vendor == "postgresql":
        # The ranking goes to the facet, key and card queries as one array parameter, not one
        # parameter (and one CASE branch) per match: up to 500 of them.
        ranked = [q["sql"] for q in ctx.captured_queries if "ANY(" in q["sql"]]
        assert len(ranked) >= 3
        products = [q["sql"] for q in ctx.captured_queries if "marketplace_productpage" in q["sql"]]
        assert [sql for sql in products if "CASE WHEN" in sql] == []
        assert any("array_position(" in sql for sql in ranked)


@pytest.mark.postgres
def test_ranking_from_the_index_entries_is_wagtails_own_ranking(goods):
    """The catalogue ranks over Wagtail's index entries (no join of every product first): the
    same matches in the same order as Wagtail's own search, drafts and translations included."""
    from wagtail.models import Locale

    from marketplace.catalogue import _postgres_index_ranking
    from marketplace.products import ProductPage
    from marketplace.translations import source_pk_subquery, translate_page

    Locale.objects.get_or_create(language_code="en")

    draft = goods.add_product(title="Tenun Ikat Draft", summary="Tenun songket", live=False)
    for number in range(6):  # ties and near-ties: broken by the newest page first
        goods.add_product(title=f"Kopi Tambora {number}", summary="Kopi" * (number % 2 + 1))
    english = goods.add_product(title="Songket Selendang", summary="Selendang tenun")
    translate_page(english, "en", {"title": "Songket shawl", "summary": "Woven tenun shawl"})
    pages = ProductPage.objects.live().annotate(source_pk=source_pk_subquery())
    for query in ("tenun songket", "kopi", "tenun", "songket", "kopi tambora 3", "nothing"):
        wagtail = [page.source_pk for page in pages.search(query, operator="and")[:500]]
        assert _postgres_index_ranking(query, 500) == wagtail, query
        assert _postgres_index_ranking(query, 3) == wagtail[:3], query
    assert draft.pk not in _postgres_index_ranking("tenun", 500)
    kopi = ProductPage.objects.live().filter(title__startswith="Kopi").values_list("pk", flat=True)
    assert set(kopi) <= set(_postgres_index_ranking("kopi", 500))
