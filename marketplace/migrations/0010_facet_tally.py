"""The catalogue's facet tally (marketplace.tally), counted from the products already there."""

from django.db import migrations, models


def count_existing(apps, schema_editor):
    # The tally's own counting reads the products as the catalogue does (the same conditions);
    # it names only columns that exist from migration 0005 on.
    if apps.get_model("marketplace", "ProductPage").objects.exists():
        from marketplace.tally import rebuild

        rebuild()


class Migration(migrations.Migration):

    dependencies = [
        ('marketplace', '0009_live_pages_by_locale_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='TalliedProduct',
            fields=[
                ('product', models.IntegerField(primary_key=True, serialize=False)),
                ('counted', models.BooleanField(default=False)),
                ('category', models.IntegerField(default=0)),
                ('region', models.IntegerField(default=0)),
                ('in_stock', models.BooleanField(default=False)),
                ('online', models.BooleanField(default=False)),
                ('offline', models.BooleanField(default=False)),
                ('price_range', models.SmallIntegerField(default=-1)),
            ],
        ),
        migrations.CreateModel(
            name='FacetTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('category', models.IntegerField()),
                ('region', models.IntegerField()),
                ('in_stock', models.BooleanField()),
                ('online', models.BooleanField()),
                ('offline', models.BooleanField()),
                ('price_range', models.SmallIntegerField()),
                ('products', models.IntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('category', 'region', 'in_stock', 'online', 'offline', 'price_range'), name='pl_facet_tally_key')],
            },
        ),
        migrations.RunPython(count_existing, migrations.RunPython.noop),
    ]
