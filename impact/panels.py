"""Panels on the Wagtail admin home: editors' headline numbers, and a seller's own numbers."""

from django.forms import Media
from django.templatetags.static import static
from django.urls import reverse

from wagtail.admin.ui.components import Component

from .metrics import ImpactReport
from .periods import LAST_3_MONTHS, LAST_12_MONTHS, PERIOD_CHOICES, THIS_MONTH, make_period
from .seller_numbers import seller_numbers

PANEL_PERIODS = (THIS_MONTH, LAST_3_MONTHS, LAST_12_MONTHS)


class ImpactMedia:
    @property
    def media(self):
        return Media(css={"all": [static("css/impact.css")]})


class ImpactSummaryPanel(ImpactMedia, Component):
    """This month's headline numbers for editors, with a link to the dashboard."""

    name = "impact_summary"
    template_name = "impact/panels/summary.html"
    order = 90

    def get_context_data(self, parent_context):
        report = ImpactReport(make_period(THIS_MONTH))
        return {
            "numbers": report.headline,
            "period": report.period,
            "dashboard_url": reverse("impact:dashboard"),
        }


class SellerNumbersPanel(ImpactMedia, Component):
    """A seller's own clicks, enquiries, paid orders and revenue per product.

    The period is chosen with `?numbers=` links on the admin home (no JavaScript needed).
    """

    name = "impact_seller_numbers"
    template_name = "impact/panels/seller_numbers.html"
    order = 95

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        key = request.GET.get("numbers")
        key = key if key in PANEL_PERIODS else THIS_MONTH
        data = seller_numbers(request.user, make_period(key))
        labels = dict(PERIOD_CHOICES)
        data["period_links"] = [(choice, labels[choice], choice == key) for choice in PANEL_PERIODS]
        data["many_sellers"] = (
            len({row.get("seller_name") for row in data["rows"] if row.get("product_id")}) > 1
        )
        return data
