"""The indexes the catalogue counts with at scale (PostgreSQL)."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.facets import CatalogueFilters, facet_counts
from marketplace.products import ProductPage

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def plan(sql):
    """PostgreSQL's plan for `sql`, with the table scans it would pick on a tiny table ruled out
    (at 100,000 products they are what the index beats)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_facet_count_reads_live_pages_from_the_covering_index_alone(shop):
    shop.add_product(title="Kopi Robusta Tambora")
    shop.add_product(title="Madu Sumbawa", category=shop.honey)
    with CaptureQueriesContext(connection) as ctx:
        counts = facet_counts(ProductPage.objects.listed(), CatalogueFilters())
    assert counts.totals["total"] == ProductPage.objects.listed().count() > 0
    aggregate = next(q["sql"] for q in ctx.captured_queries if "for_category" in q["sql"])
    # Live, default-locale, outside any view restriction (the path): all in the index, no page
    # row read for any of the listed products.
    assert "Index Only Scan using pl_page_live_locale on wagtailcore_page" in plan(aggregate)
