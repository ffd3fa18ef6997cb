"""Template helpers for the catalogue, search and product pages."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

MIN_TERM_LENGTH = 2
MAX_TERMS = 8


@register.simple_tag(takes_context=True)
def change_query(context, changes, **more):
    """The current query string with `changes` (a dict) applied; None removes a key.

    Always drops `page`, so a changed filter starts at page one.
    """
    params = context["request"].GET.copy()
    params.pop("page", None)
    merged = dict(changes or {})
    merged.update(more)
    for key, value in merged.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def highlight(text, query):
    """Escape `text` and wrap the words of `query` found in it in <mark>."""
    text = str(text or "")
    terms = sorted(
        {term for term in re.findall(r"\w+", str(query or "")) if len(term) >= MIN_TERM_LENGTH},
        key=len,
        reverse=True,
    )[:MAX_TERMS]
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


@register.filter
def thousands(number):
    """10116 → 10.116 (Indonesian digit grouping)."""
    try:
        return f"{int(number):,}".replace(",", ".")
    except (TypeError, ValueError):
        return number
