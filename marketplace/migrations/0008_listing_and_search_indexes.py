"""Indexes on tables Wagtail owns, for the catalogue at scale (read with EXPLAIN ANALYZE at
100,000 products on PostgreSQL):

- a page's children: Wagtail finds them by `depth` and a `path` range, and the path index alone
  walks every descendant in the range: the home page's sections and the directory's sellers
  read all 100,000 products (15 and 20 ms). On (depth, path) they are a short range scan.
- live pages, newest first: the catalogue and the home page list products by
  `first_published_at DESC NULLS LAST, id DESC`. Without an index in that order PostgreSQL read and
  sorted every live page to find the first 24 (60 ms); with it, it walks the index and stops after
  24 (0.2 ms). Partial: live pages only. (PostgreSQL only: SQLite cannot index NULLS LAST.)
- PostgreSQL search: Wagtail's backend matches `title || body` of its index entries, an expression
  none of its own indexes covers, so every search scanned every entry (67 ms of 150 for "kopi").
  A GIN index on that expression finds the matches at once. (SQLite searches its FTS5 table.)
"""

from django.db import migrations

CHILDREN_INDEX = "pl_page_depth_path"
PAGES_INDEX = "pl_page_live_newest"
SEARCH_INDEX = "pl_search_title_body"


def create_indexes(apps, schema_editor):
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {CHILDREN_INDEX} ON wagtailcore_page (depth, path)"
    )
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {PAGES_INDEX} ON wagtailcore_page "
        "(first_published_at DESC NULLS LAST, id DESC) WHERE live"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON wagtailsearch_indexentry "
        "USING GIN ((title || body))"
    )


def drop_indexes(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {CHILDREN_INDEX}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PAGES_INDEX}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0007_taxonomy_choices_in_default_locale"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
