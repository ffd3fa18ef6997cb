"""Sectors, categories, regions and certification types: data editors manage, nothing hard-coded.

They are translatable snippets (wagtail-localize): the Indonesian row is the one everything points
at (products, sellers, events, centres, filters in the query string); an English row is a
translation of it with the same slug and code and only its words changed. Pages show a row's
`display_name`, the name in the visitor's language when a translation exists.
"""

import re

from wagtail_localize.fields import SynchronizedField

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index

from pasarlokal.core.caching import cached, forgetter

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE

# What pages choose from: the default-locale rows (translations are reached from them).
IN_DEFAULT_LOCALE = models.Q(locale__language_code=DEFAULT_LANGUAGE)


class TaxonomyQuerySet(models.QuerySet):
    def in_default_locale(self):
        """The rows everything points at; their translations only rename them."""
        return self.filter(IN_DEFAULT_LOCALE)


class TranslatableTerm(TranslatableMixin, models.Model):
    """A taxonomy row with a name in every language (see the module docstring)."""

    objects = TaxonomyQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        abstract = True

    def in_active_language(self, field):
        """`field` in the active language: the translation's when there is one."""
        language = (translation.get_language() or DEFAULT_LANGUAGE).split("-")[0]
        if language == DEFAULT_LANGUAGE:
            return getattr(self, field)
        translations = self.__dict__.get("_translations")  # rows of the snapshot carry theirs
        if translations is None:
            return taxonomy_snapshot().name_in(self, language, field)
        return translations.get(language, {}).get(field) or getattr(self, field)

    @property
    def display_name(self):
        return self.in_active_language("name")


# The catalogue's query-string keys for the taxonomy (Indonesian, like the site's URLs).
SECTOR = "sektor"
CATEGORY = "kategori"
REGION = "wilayah"


class Sector(index.Indexed, TranslatableTerm):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    icon = models.CharField(
        _("icon"),
        max_length=40,
        blank=True,
        help_text=_("An emoji or short symbol shown on sector tiles."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("icon"),
        FieldPanel("image"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]
    override_translatable_fields = [SynchronizedField("slug"), SynchronizedField("icon")]

    class Meta(TranslatableTerm.Meta):
        ordering = ["sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name

    @property
    def display_description(self):
        return self.in_active_language("description")


class Category(index.Indexed, TranslatableTerm):
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="categories"
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("sector"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("image"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("sector"),
        index.FilterField("locale"),
    ]
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableTerm.Meta):
        ordering = ["sector__sort_order", "sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return f"{self.sector.display_name} › {self.display_name}"

    @property
    def display_description(self):
        return self.in_active_language("description")


class Region(index.Indexed, TranslatableTerm):
    class Kind(models.TextChoices):
        REGENCY = "regency", _("Regency")
        CITY = "city", _("City")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)
    code = models.CharField(_("official code"), max_length=20, help_text=_("e.g. 52.01"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGENCY)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("code"), FieldPanel("kind")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]
    override_translatable_fields = [SynchronizedField("slug"), SynchronizedField("code")]

    class Meta(TranslatableTerm.Meta):
        ordering = ["code"]
        unique_together = [
            ("translation_key", "locale"),
            ("slug", "locale"),
            ("code", "locale"),
        ]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class CertificationType(TranslatableTerm):
    name = models.CharField(_("name"), max_length=120)
    short_label = models.CharField(_("short label"), max_length=30)
    slug = models.SlugField(_("slug"), max_length=60)
    issuing_body = models.CharField(_("issuing body"), max_length=160, blank=True)
    number_pattern = models.CharField(
        _("number pattern"),
        max_length=200,
        blank=True,
        help_text=_(
            "A regular expression the whole certificate number must match, "
            "e.g. ID\\d{14,20}. Leave empty to accept any number."
        ),
    )
    number_example = models.CharField(_("example number"), max_length=60, blank=True)
    help_text = models.TextField(_("help text"), blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("short_label"),
        FieldPanel("slug"),
        FieldPanel("issuing_body"),
        FieldPanel("number_pattern"),
        FieldPanel("number_example"),
        FieldPanel("help_text"),
        FieldPanel("sort_order"),
    ]
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("number_pattern"),
        SynchronizedField("number_example"),
    ]

    class Meta(TranslatableTerm.Meta):
        ordering = ["sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]
        verbose_name = _("certification type")
        verbose_name_plural = _("certification types")

    def __str__(self):
        return self.short_label or self.name

    @property
    def display_short_label(self):
        return self.in_active_language("short_label") or self.display_name

    @property
    def display_issuing_body(self):
        return self.in_active_language("issuing_body")

    def clean(self):
        if self.number_pattern:
            try:
                re.compile(self.number_pattern)
            except re.error as exc:
                raise ValidationError(
                    {"number_pattern": _("This is not a valid pattern: %(error)s") % {"error": exc}}
                ) from exc

    def number_matches(self, number):
        if not self.number_pattern:
            return True
        return re.fullmatch(self.number_pattern, number or "") is not None


# --- A cached snapshot for listings ---------------------------------------------------------
# Every catalogue request needs all sectors, categories, regions and certification types (for
# facet names and to validate the query string). They change rarely, so they are read once and
# cached; saving or deleting any of them bumps the version (see signals.py).

TAXONOMY_VERSION_KEY = "pasarlokal:taxonomy-version"


class TaxonomySnapshot:
    def __init__(self):
        self.sectors = list(Sector.objects.in_default_locale())
        sectors_by_id = {sector.pk: sector for sector in self.sectors}
        self.categories = list(Category.objects.in_default_locale())
        for category in self.categories:
            # Share the sector objects instead of a select_related copy per category.
            category.sector = sectors_by_id[category.sector_id]
        self.regions = list(Region.objects.in_default_locale())
        self.certification_types = list(CertificationType.objects.in_default_locale())
        # {(model name, translation key): {language: {field: text}}} of every translation; each
        # row of the snapshot carries its own (display_name then needs no lookup).
        self.translated = {}
        for model, fields in TRANSLATED_WORDS.items():
            rows = model.objects.exclude(IN_DEFAULT_LOCALE).values(
                "translation_key", "locale__language_code", *fields
            )
            for row in rows:
                languages = self.translated.setdefault((model.__name__, row["translation_key"]), {})
                languages[row["locale__language_code"]] = {field: row[field] for field in fields}
        for term in self.sectors + self.categories + self.regions + self.certification_types:
            term._translations = self.translated.get(
                (type(term).__name__, term.translation_key), {}
            )
        self.sector_by_slug = {sector.slug: sector for sector in self.sectors}
        self.category_by_slug = {category.slug: category for category in self.categories}
        self.region_by_slug = {region.slug: region for region in self.regions}
        self.category_by_id = {category.pk: category for category in self.categories}
        self.region_by_id = {region.pk: region for region in self.regions}
        self.certification_type_by_slug = {ct.slug: ct for ct in self.certification_types}

    def name_in(self, term, language, field="name"):
        """`term`'s `field` in `language`; its own when it has no translation there."""
        languages = self.translated.get((type(term).__name__, term.translation_key), {})
        return languages.get(language, {}).get(field) or getattr(term, field)


# The words of each taxonomy model a translation changes (the rest is synchronised).
TRANSLATED_WORDS = {
    Sector: ("name", "description"),
    Category: ("name", "description"),
    Region: ("name",),
    CertificationType: ("name", "short_label", "issuing_body", "help_text"),
}


def taxonomy_snapshot():
    return cached("taxonomy", [], TaxonomySnapshot, 60 * 60, [TAXONOMY_VERSION_KEY])


forget_taxonomy = forgetter(TAXONOMY_VERSION_KEY)


def share_terms(objects, *fields):
    """Point each object's taxonomy `fields` (e.g. "category", "origin_region") at the snapshot's
    rows, which carry their translations: a listing of any length then shows translated names
    after one snapshot read instead of one per name."""
    snapshot = taxonomy_snapshot()
    by_id = {
        Sector: {sector.pk: sector for sector in snapshot.sectors},
        Category: snapshot.category_by_id,
        Region: snapshot.region_by_id,
    }
    for obj in objects:
        for field in fields:
            terms = by_id[obj._meta.get_field(field).related_model]
            term = terms.get(getattr(obj, f"{field}_id"))
            if term is not None:
                setattr(obj, field, term)
    return objects
