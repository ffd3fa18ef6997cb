"""Spreadsheet exports: one formula guard for every admin export (CSV and XLSX).

Shoppers, sellers and pledgers type the values that end up in exports; a CSV cell starting with
= + - @ (or a tab or carriage return) would run as a formula when an editor opens the file.
Wagtail's XLSX writer already stores such cells as text, so only CSV values are prefixed.
"""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """`value`, with a leading ' when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value[:1] in FORMULA_START:
        return "'" + value
    return value


class FormulaSafeExportMixin:
    """For Wagtail's SpreadsheetExportMixin views (index views, report views)."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return formula_safe(value) if export_format == "csv" else value
