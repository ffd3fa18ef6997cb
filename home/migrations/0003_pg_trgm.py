from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm for the search page's "Did you mean …?" (nothing happens on SQLite)."""

    dependencies = [("home", "0002_curated_sections")]

    operations = [TrigramExtension()]
