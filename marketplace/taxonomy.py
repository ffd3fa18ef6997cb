"""Sectors, categories, regions and certification types: data editors manage, nothing hard-coded."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from pasarlokal.core.caching import cached, forgetter

# The catalogue's query-string keys for the taxonomy (Indonesian, like the site's URLs).
SECTOR = "sektor"
CATEGORY = "kategori"
REGION = "wilayah"


class Sector(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
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
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name


class Category(index.Indexed, models.Model):
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="categories"
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
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
    ]

    class Meta:
        ordering = ["sector__sort_order", "sort_order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return f"{self.sector.name} › {self.name}"


class Region(index.Indexed, models.Model):
    class Kind(models.TextChoices):
        REGENCY = "regency", _("Regency")
        CITY = "city", _("City")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    code = models.CharField(
        _("official code"), max_length=20, unique=True, help_text=_("e.g. 52.01")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGENCY)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("code"), FieldPanel("kind")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class CertificationType(models.Model):
    name = models.CharField(_("name"), max_length=120)
    short_label = models.CharField(_("short label"), max_length=30)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
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

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("certification type")
        verbose_name_plural = _("certification types")

    def __str__(self):
        return self.short_label or self.name

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
        self.sectors = list(Sector.objects.all())
        sectors_by_id = {sector.pk: sector for sector in self.sectors}
        self.categories = list(Category.objects.all())
        for category in self.categories:
            # Share the sector objects instead of a select_related copy per category.
            category.sector = sectors_by_id[category.sector_id]
        self.regions = list(Region.objects.all())
        self.certification_types = list(CertificationType.objects.all())
        self.sector_by_slug = {sector.slug: sector for sector in self.sectors}
        self.category_by_slug = {category.slug: category for category in self.categories}
        self.region_by_slug = {region.slug: region for region in self.regions}
        self.certification_type_by_slug = {ct.slug: ct for ct in self.certification_types}


def taxonomy_snapshot():
    return cached("taxonomy", [], TaxonomySnapshot, 60 * 60, [TAXONOMY_VERSION_KEY])


forget_taxonomy = forgetter(TAXONOMY_VERSION_KEY)
