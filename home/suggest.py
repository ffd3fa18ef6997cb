"""“Maksud Anda: tenun?” — a typo-tolerant suggestion when a search finds nothing.

Each word of the query is compared with the words the shop is made of: the names of listed
products, of live public sellers and of the sectors, categories and regions. On PostgreSQL the
comparison is pg_trgm's `similarity()` in one query (the vocabulary is the distinct words of those
names, split in the database); elsewhere (SQLite) difflib over the same vocabulary, read once and
cached for ten minutes. A suggestion is only offered when it differs from what was typed.
"""

import difflib
import logging
import re

from django.db import DatabaseError, connection, transaction

from wagtail.models import Page

from marketplace.products import ProductPage
from marketplace.sellers import SellerPage
from marketplace.taxonomy import TAXONOMY_VERSION_KEY, taxonomy_snapshot
from pasarlokal.core.caching import cached

logger = logging.getLogger(__name__)

MIN_WORD = 3  # shorter words ("di", "ke") are left as typed
TRIGRAM_THRESHOLD = 0.3  # pg_trgm's own default for the % operator
DIFFLIB_CUTOFF = 0.75
VOCABULARY_SECONDS = 10 * 60
_WORD = re.compile(r"[^\W_]+")


def _name_querysets():
    private_q = Page.objects.all().private_q()
    return [
        ProductPage.objects.listed().values_list("title", flat=True),
        SellerPage.objects.live().exclude(private_q).values_list("title", flat=True),
    ]


def _taxonomy_names():
    taxonomy = taxonomy_snapshot()
    return [item.name for group in (taxonomy.sectors, taxonomy.categories, taxonomy.regions)
            for item in group]  # fmt: skip


def _words(names):
    return {word for name in names for word in _WORD.findall(name.lower()) if len(word) >= MIN_WORD}


def _vocabulary():
    names = [name for queryset in _name_querysets() for name in queryset]
    return sorted(_words(names + _taxonomy_names()))


def _closest_in_python(words):
    vocabulary = cached(
        "search-vocabulary", [], _vocabulary, VOCABULARY_SECONDS, [TAXONOMY_VERSION_KEY]
    )
    closest = {}
    for word in words:
        matches = difflib.get_close_matches(word, vocabulary, n=1, cutoff=DIFFLIB_CUTOFF)
        if matches:
            closest[word] = matches[0]
    return closest


def _closest_in_postgres(words):
    """{typed word: closest vocabulary word} in one query with pg_trgm."""
    subqueries, params = [], []
    for queryset in _name_querysets():
        sql, subquery_params = queryset.query.sql_with_params()
        subqueries.append(f"SELECT names.title AS name FROM ({sql}) AS names")
        params.extend(subquery_params)
    subqueries.append("SELECT unnest(%s::text[]) AS name")
    params.append(_taxonomy_names())
    names = " UNION ALL ".join(subqueries)
    sql = f"""
        WITH vocabulary AS (
            SELECT DISTINCT word
            FROM ({names}) AS names,
                 regexp_split_to_table(lower(names.name), '[^[:alnum:]]+') AS word
            WHERE length(word) >= %s
        )
        SELECT typed.word, best.word
        FROM unnest(%s::text[]) AS typed(word)
        JOIN LATERAL (
            SELECT vocabulary.word FROM vocabulary
            WHERE similarity(vocabulary.word, typed.word) >= %s
            ORDER BY similarity(vocabulary.word, typed.word) DESC, vocabulary.word
            LIMIT 1
        ) AS best ON true
    """
    params += [MIN_WORD, list(words), TRIGRAM_THRESHOLD]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def did_you_mean(query):
    """The query with each unknown word replaced by the closest known one, or "" when nothing
    better is known."""
    typed = query.lower().split()
    words = sorted({word for word in typed if len(word) >= MIN_WORD})
    if not words:
        return ""
    closest = None
    if connection.vendor == "postgresql":
        try:
            closest = _closest_in_postgres(words)
        except DatabaseError:  # pg_trgm missing: the portable way below
            logger.warning("pg_trgm suggestion failed; using difflib", exc_info=True)
    if closest is None:
        closest = _closest_in_python(words)
    suggestion = " ".join(closest.get(word, word) for word in typed)
    return "" if suggestion == " ".join(typed) else suggestion
