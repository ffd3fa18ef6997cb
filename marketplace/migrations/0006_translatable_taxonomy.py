"""Sectors, categories, regions and certification types become translatable (wagtail-localize).

Existing rows become the default-locale (Indonesian) rows, each with its own translation key;
slugs and codes are unique per locale, so an English translation keeps the same slug and code.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ("sector", "category", "region", "certificationtype")


def bootstrap(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for name in MODELS:
        model = apps.get_model("marketplace", name)
        for row in model.objects.filter(translation_key__isnull=True).only("pk"):
            row.translation_key = uuid.uuid4()
            row.locale = locale
            row.save(update_fields=["translation_key", "locale"])


def locale(null):
    return models.ForeignKey(
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="wagtailcore.locale",
        verbose_name="locale",
    )


def add_locale_fields(name):
    """Nullable first, so existing rows can be given a key and the default locale."""
    return [
        migrations.AddField(
            model_name=name, name="translation_key", field=models.UUIDField(null=True, editable=False)
        ),
        migrations.AddField(model_name=name, name="locale", field=locale(null=True)),
    ]


def require_locale_fields(name):
    return [
        migrations.AlterField(
            model_name=name,
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(model_name=name, name="locale", field=locale(null=False)),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0005_productvariant"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [
        *[op for name in MODELS for op in add_locale_fields(name)],
        migrations.RunPython(bootstrap, migrations.RunPython.noop),
        *[op for name in MODELS for op in require_locale_fields(name)],
        migrations.AlterField(
            model_name="sector",
            name="slug",
            field=models.SlugField(max_length=120, verbose_name="slug"),
        ),
        migrations.AlterField(
            model_name="category",
            name="slug",
            field=models.SlugField(max_length=120, verbose_name="slug"),
        ),
        migrations.AlterField(
            model_name="region",
            name="slug",
            field=models.SlugField(max_length=120, verbose_name="slug"),
        ),
        migrations.AlterField(
            model_name="region",
            name="code",
            field=models.CharField(help_text="e.g. 52.01", max_length=20, verbose_name="official code"),
        ),
        migrations.AlterField(
            model_name="certificationtype",
            name="slug",
            field=models.SlugField(max_length=60, verbose_name="slug"),
        ),
        migrations.AlterUniqueTogether(
            name="sector", unique_together={("translation_key", "locale"), ("slug", "locale")}
        ),
        migrations.AlterUniqueTogether(
            name="category", unique_together={("translation_key", "locale"), ("slug", "locale")}
        ),
        migrations.AlterUniqueTogether(
            name="region",
            unique_together={("translation_key", "locale"), ("slug", "locale"), ("code", "locale")},
        ),
        migrations.AlterUniqueTogether(
            name="certificationtype",
            unique_together={("translation_key", "locale"), ("slug", "locale")},
        ),
    ]
