"""A product in two languages: the Indonesian page is the product, the English page its text.

Pages are translated with wagtail-localize (WAGTAIL_I18N_ENABLED). An English product page is a
translation of the Indonesian one (same `translation_key`); stock, price, the sell-online
switch, certificates, clicks, enquiries, cart lines and orders are keyed by the Indonesian
(default-locale) page, so buying either language's page takes the same stock and the seller's
numbers add up across languages.

Listings show default-locale products in both languages; in another language each card gets
that language's title and summary when a live translation exists, and `content_language`
says which language its text is in (for the card's `lang` attribute).
"""

from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.db.models.query import ModelIterable
from django.urls import translate_url
from django.utils import translation

from wagtail.fields import RichTextField
from wagtail.models import Locale, Page

from pasarlokal.core.caching import cached

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE


def default_locale_id():
    """The Indonesian locale's id (cached: one cache read, no query once warm)."""
    return cached(
        "default-locale", [DEFAULT_LANGUAGE], lambda: Locale.get_default().pk, 60 * 60 * 24
    )


def active_language():
    return (translation.get_language() or DEFAULT_LANGUAGE).split("-")[0]


def default_locale_pk(page):
    """The id of `page`'s default-locale version (its own id when it is one; no query then)."""
    if page.locale_id == default_locale_id():
        return page.pk
    return (
        Page.objects.filter(translation_key=page.translation_key, locale_id=default_locale_id())
        .values_list("pk", flat=True)
        .first()
    )


def in_default_locale(queryset):
    """Pages of the default locale only (a join on the locale table, no extra query)."""
    return queryset.filter(locale__language_code=DEFAULT_LANGUAGE)


def source_pk_subquery():
    """For an annotation: the default-locale page sharing the row's translation key."""
    return Subquery(
        Page.objects.filter(
            translation_key=OuterRef("translation_key"), locale__language_code=DEFAULT_LANGUAGE
        ).values("pk")[:1]
    )


def fallback_url(url, language):
    """The default-locale page's URL with the visitor's language kept (/en/…): the page is
    served in Indonesian with English navigation (see home.routing)."""
    if not url or language == DEFAULT_LANGUAGE or url.startswith(f"/{language}/"):
        return url
    with translation.override(DEFAULT_LANGUAGE):  # resolved as the unprefixed URL it is
        return translate_url(url, language)


def live_translations(model, pages, language, *fields):
    """{translation key: live `model` page in `language`} for `pages`, in one query.

    Loads `fields` and what building the page's URL needs."""
    return {
        row.translation_key: row
        for row in model.objects.live()
        .filter(
            translation_key__in=[page.translation_key for page in pages],
            locale__language_code=language,
        )
        .only("translation_key", "url_path", "path", "depth", *fields)
    }


def localize_cards(products, language=None):
    """Give default-locale product cards the text of their live translation in `language`.

    One query for any number of cards; nothing in the default language.
    """
    language = language or active_language()
    products = [p for p in products if p is not None]
    for product in products:
        product.content_language = DEFAULT_LANGUAGE
    if language == DEFAULT_LANGUAGE or not products:
        return products
    translated = live_translations(
        type(products[0]), products, language, "title", "summary", "locale_id"
    )
    for product in products:
        other = translated.get(product.translation_key)
        if other is not None:
            product.title = other.title
            product.summary = other.summary
            product.content_language = language
            product.localized_url = other.get_url()
        else:
            product.localized_url = fallback_url(product.get_url(), language)
    return products


class LocalizedCardIterable(ModelIterable):
    """Yields product cards with their text in the active language (see localize_cards)."""

    def __iter__(self):
        yield from localize_cards(list(super().__iter__()))


# --- Creating translations ------------------------------------------------------------------


def translate_page(page, language, fields, user=None, publish=True):
    """Create or update `page`'s translation into `language` through wagtail-localize.

    `fields` maps field names to the translated text. Plain-text fields (title, summary, …)
    are stored as wagtail-localize string translations, so its editor and PO exports show them;
    strings without a translation stay in the source language (wagtail-localize's fallback).
    Rich-text fields are written onto the translated page as a whole (wagtail-localize splits
    them into segments per paragraph). Parent pages without a translation are copied first.
    Returns the translated page.
    """
    locale = Locale.objects.get(language_code=language)
    page = page.specific
    source, created = TranslationSource.get_or_create_from_instance(page)
    if not created:
        source.update_from_db()
    translation_record, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    rich = {}
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        path = segment.context.path
        if path not in fields:
            continue
        if isinstance(page._meta.get_field(path), RichTextField):
            rich[path] = fields[path]
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": fields[path],
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            },
        )
    # wagtail-localize publishes on commit; the revision is published here instead, so the
    # translation is live at once (also inside a caller's transaction).
    translation_record.save_target(user=user, publish=False)
    target = page.get_translation(locale).specific
    for name, value in fields.items():
        if name in rich or not _segmented(name, source):
            setattr(target, name, value)
    revision = target.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
        target.refresh_from_db()
    return target


def _segmented(name, source):
    return StringSegment.objects.filter(source=source, context__path=name).exists()
