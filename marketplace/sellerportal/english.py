"""A seller's English version of a product: name, summary and description, through review.

The English page is the product's wagtail-localize translation (`translate_page`), saved as a
draft revision and submitted to the "Product review" workflow like the seller's Indonesian
edits: nothing of it is live until an editor approves. Sellers never use wagtail-localize's
own screens (the seller guard refuses them); this is their way in.
"""

import re
from dataclasses import dataclass
from html import unescape

from django.db import models, transaction
from django.utils.html import linebreaks, strip_tags

from wagtail.fields import RichTextField
from wagtail.models import Locale, WorkflowPage, WorkflowState

from marketplace.products import ProductPage
from marketplace.sellers import SellerIndexPage
from marketplace.translations import translate_page

from .setup import assign_workflow, ensure_product_review_workflow

ENGLISH = "en"

# Where the English version stands, as the seller's screen shows it.
NONE, DRAFT, IN_REVIEW, CHANGES_REQUESTED, LIVE = (
    "none",
    "draft",
    "in_review",
    "changes_requested",
    "live",
)


@dataclass
class EnglishState:
    status: str
    page: ProductPage | None = None
    live: bool = False  # an approved English version is online (possibly with changes in review)
    comment: str = ""  # the reviewer's comment when changes were requested


def english_page(product):
    """The English translation of `product` (a default-locale page), or None."""
    return (
        ProductPage.objects.filter(
            translation_key=product.translation_key, locale__language_code=ENGLISH
        )
        .exclude(pk=product.pk)
        .first()
    )


def english_state(product):
    page = english_page(product)
    if page is None:
        return EnglishState(NONE)
    workflow_state = page.current_workflow_state
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        return EnglishState(IN_REVIEW, page, live=page.live)
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        task_state = workflow_state.current_task_state
        comment = (task_state.get_comment() if task_state else "") or ""
        return EnglishState(CHANGES_REQUESTED, page, live=page.live, comment=comment)
    if page.live:
        return EnglishState(LIVE, page, live=True)
    return EnglishState(DRAFT, page)


def rich_text_to_plain(html):
    """Rich text as plain paragraphs (blank line between them), for the seller's textarea."""
    text = re.sub(r"<br\s*/?>", "\n", html or "")
    text = re.sub(r"</p>\s*", "\n\n", text)
    return unescape(strip_tags(text)).strip()


def plain_to_rich_text(text):
    """The seller's text as rich-text paragraphs, escaped (as applications' stories are)."""
    text = (text or "").strip()
    return linebreaks(text, autoescape=True) if text else ""


def current_text(page):
    """The English name, summary and description as the seller last saved them (the latest
    revision: the draft in review, or the live version)."""
    if page is None:
        return {}
    latest = page.get_latest_revision_as_object() if page.latest_revision_id else page
    return {
        "title": latest.title,
        "summary": latest.summary,
        "description": rich_text_to_plain(latest.description),
    }


def _live_row_fields(page):
    """The page's own text columns: what shoppers see while it is live."""
    return [
        field.attname
        for field in page._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | RichTextField)
        and field.attname not in ("draft_title", "translation_key")
    ]


@transaction.atomic
def save_english_version(product, data, user):
    """Create or update `product`'s English version from `data` (title, summary, description)
    as a draft and submit it for review. Returns the English page."""
    Locale.objects.get_or_create(language_code=ENGLISH)
    before = english_page(product)
    # An empty summary or description stays empty in English (never the Indonesian text
    # under an English label).
    fields = {
        "title": data["title"],
        "summary": data.get("summary") or "",
        "description": plain_to_rich_text(data.get("description")),
    }
    english = translate_page(product, ENGLISH, fields, user=user, publish=False)
    if before is not None and before.live:
        # wagtail-localize writes a draft's text onto the page row as well, which for a live
        # page is what shoppers see: put the live text back. The draft waits in its revision.
        before.save(update_fields=_live_row_fields(before), clean=False)
        english = ProductPage.objects.get(pk=english.pk)
    submit_for_review(english, user)
    return english


def _seller_index(page):
    return SellerIndexPage.objects.ancestor_of(page).filter(locale_id=page.locale_id).last()


def submit_for_review(page, user):
    """Start (or resume) the "Product review" workflow on `page`'s latest revision.

    The English seller directory gets the workflow when it has none of its own yet (a directory
    copied when the first English product was made), so the English tree is reviewed as the
    Indonesian one is, whether or not the demo set it up.
    """
    index = _seller_index(page)
    if index is not None and not WorkflowPage.objects.filter(page=index).exists():
        assign_workflow(index)
    page = ProductPage.objects.get(pk=page.pk)
    workflow = page.get_workflow() or ensure_product_review_workflow()
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return state
    if state is not None:
        state.cancel(user=user)  # review the new text from the start
    return workflow.start(page, user)
