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

from pasarlokal.core import pagecache
from pasarlokal.core.caching import cached

from .taxonomy import share_terms

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE


def default_locale_id():
    """The Indonesian locale's id (cached: one cache read, no query once warm)."""
    return cached(
        "default-locale", [DEFAULT_LANGUAGE], lambda: Locale.get_default().pk, 60 * 60 * 24
    )


def locale_id_for(language):
    """The id of `language`'s locale, None if the site has none (cached like the default)."""
    return cached(
        "locale-id",
        [language],
        lambda: Locale.objects.filter(language_code=language).values_list("pk", flat=True).first(),
        60 * 60 * 24,
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
    """Pages of the default locale only.

    Serving an anonymous page, by the locale's id kept for the page-cache version (no join, no
    query); elsewhere by a join on the locale table (no extra query either)."""
    if pagecache.serving_anonymous():
        return queryset.filter(locale_id=pagecache.per_version("default-locale", default_locale_id))
    return queryset.filter(locale__language_code=DEFAULT_LANGUAGE)


def source_pk_subquery():
    """For an annotation: the default-locale page sharing the row's translation key."""
    return Subquery(
        in_default_locale(Page.objects.filter(translation_key=OuterRef("translation_key"))).values(
            "pk"
        )[:1]
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


def localize_pages(pages, fields, language=None, terms=()):
    """Give default-locale pages (cards in a listing) the `fields` of their live translation in
    `language`, the URL of that translation, and `content_language` (for a `lang` attribute).

    One query for any number of pages; nothing in the default language. Untranslated pages keep
    their text and link to their Indonesian content under the visitor's language prefix.
    `terms` are taxonomy fields to show by their names in `language` (see share_terms).
    """
    language = language or active_language()
    pages = [page for page in pages if page is not None]
    for page in pages:
        page.content_language = DEFAULT_LANGUAGE
    if language == DEFAULT_LANGUAGE or not pages:
        return pages
    if terms:
        share_terms(pages, *terms)
    translated = live_translations(type(pages[0]), pages, language, *fields, "locale_id")
    for page in pages:
        other = translated.get(page.translation_key)
        if other is not None:
            for field in fields:
                setattr(page, field, getattr(other, field))
            page.content_language = language
            page.localized_url = other.get_url()
        else:
            page.localized_url = fallback_url(page.get_url(), language)
    return pages


def localize_cards(products, language=None):
    """Product cards: their name and summary, category and region names in `language`."""
    return localize_pages(products, ("title", "summary"), language, ("category", "origin_region"))


class LocalizedIterable(ModelIterable):
    """Yields pages with their text in the active language (see localize_pages)."""

    fields = ("title",)
    terms = ()

    def __iter__(self):
        yield from localize_pages(list(super().__iter__()), self.fields, terms=self.terms)


class LocalizedCardIterable(LocalizedIterable):
    fields = ("title", "summary")
    terms = ("category", "origin_region")


def localized(queryset, fields, terms=()):
    """`queryset` (default-locale pages) yielding pages localized as by localize_pages."""
    queryset = queryset.all()
    queryset._iterable_class = type(
        "LocalizedIterable", (LocalizedIterable,), {"fields": tuple(fields), "terms": tuple(terms)}
    )
    return queryset


def listing_source(index):
    """The page whose children a listing shows: the index's default-locale version, so the English
    index lists every story, event, centre, seller and product (translated or not)."""
    if index.locale_id == default_locale_id():
        return index
    default = Page.objects.filter(
        translation_key=index.translation_key, locale_id=default_locale_id()
    ).first()
    return default or index


class LocalizedUrlMixin:
    """A page in a listing links to its translation in the visitor's language (localize_pages)."""

    def get_url(self, request=None, current_site=None):
        localized = getattr(self, "localized_url", None)
        return localized or super().get_url(request, current_site)


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
    page = page.specific
    target, source, rich = _translate(page, language, fields, user, publish=False)
    target = target.specific
    for name, value in fields.items():
        if name in rich or not _segmented(name, source):
            setattr(target, name, value)
    revision = target.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
        target.refresh_from_db()
    return target


def translate_snippet(obj, language, fields, user=None):
    """The same for a translatable snippet (sectors, categories, regions, certificate types):
    saved at once, as snippets have no drafts. A category's sector is translated first."""
    target, _source, _rich = _translate(obj, language, fields, user, publish=True)
    return target


def _translate(instance, language, fields, user, publish):
    """wagtail-localize's translation of `instance` into `language` with `fields`' strings:
    (the translated instance, its TranslationSource, the rich-text fields left to the caller)."""
    locale = Locale.objects.get(language_code=language)
    source, created = TranslationSource.get_or_create_from_instance(instance)
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
        if isinstance(instance._meta.get_field(path), RichTextField):
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
    # wagtail-localize publishes pages on commit; translate_page publishes the revision instead,
    # so the translation is live at once (also inside a caller's transaction).
    translation_record.save_target(user=user, publish=publish)
    return instance.get_translation(locale), source, rich


def _segmented(name, source):
    return StringSegment.objects.filter(source=source, context__path=name).exists()
