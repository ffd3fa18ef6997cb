"""Impact reports in the Wagtail admin, each downloadable as CSV and XLSX.

They are Wagtail `ReportView`s whose rows are the aggregated numbers (lists of dicts), so the
export machinery writes exactly what the page shows, with the same filters, numbers unformatted
and rupiah as whole integers.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.views.reports import ReportView

from pasarlokal.core.exports import FormulaSafeExportMixin

from .charts import bar_chart, column_chart
from .forms import ImpactFilterForm
from .metrics import ImpactReport, region_choices, sector_choices
from .permissions import can_view_impact
from .programme import ProgrammeReport

TEXT, NUMBER, RUPIAH, DATE = "text", "number", "rupiah", "date"
PRODUCT_FIELD = ("name", _("Product"), TEXT)
SELLER_FIELD = ("name", _("Seller"), TEXT)
CONTACTS_FIELD = ("contacts", _("Contact clicks"), NUMBER)
GMV_FIELD = ("gmv", _("GMV (Rp)"), RUPIAH)


class ImpactReportView(FormulaSafeExportMixin, ReportView):
    template_name = "impact/report.html"
    results_template_name = "impact/report_results.html"
    header_icon = "table"
    paginate_by = None
    report_slug = ""
    url_name = ""
    menu_label = None
    # (key, heading, kind): the table on the page and the export's columns, in order.
    fields = []

    def dispatch(self, request, *args, **kwargs):
        if not can_view_impact(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def list_export(self):
        return [key for key, _heading, _kind in self.fields]

    @property
    def export_headings(self):
        return {key: heading for key, heading, _kind in self.fields}

    def stream_csv(self, queryset):
        # The CSV streams after the view returns, when the admin user's language is no longer
        # active; keep it for the headings and labels.
        return self._stream_csv_in(translation.get_language(), queryset)

    def _stream_csv_in(self, language, queryset):
        with translation.override(language):
            yield from super().stream_csv(queryset)

    def get_index_url(self):
        return reverse(f"impact:{self.url_name}")

    @cached_property
    def choices(self):
        return sector_choices(), region_choices()

    @cached_property
    def filter_form(self):
        sectors, regions = self.choices
        return ImpactFilterForm(self.request.GET or None, sectors=sectors, regions=regions)

    @cached_property
    def report(self):
        sectors, regions = self.choices
        sector_id, region_id = self.filter_form.get_filters()
        return ImpactReport(
            self.filter_form.get_period(), sector_id, region_id, sectors=sectors, regions=regions
        )

    def get_queryset(self):
        return self.get_rows()

    def get_rows(self):
        raise NotImplementedError

    def get_filename(self):
        parts = ["dampak", self.report_slug, self.report.period.slug]
        sectors, regions = self.choices
        for chosen, choices in ((self.report.sector_id, sectors), (self.report.region_id, regions)):
            names = [choice.name for choice in choices if choice.id == chosen]
            if names:
                parts.append(slugify(names[0]))
        return "-".join(part for part in parts if part)

    def get_charts(self):
        return []

    @cached_property
    def filter_summary(self):
        """The active filters in words, shown above every report."""
        sectors, regions = self.choices
        summary = []
        for chosen, choices in ((self.report.sector_id, sectors), (self.report.region_id, regions)):
            summary += [choice.name for choice in choices if choice.id == chosen]
        return summary

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report_links = [
            (view.url_name, view.menu_label or view.page_title, reverse(f"impact:{view.url_name}"))
            for view in REPORT_VIEWS
        ]
        query = self.request.GET.copy()
        query.pop("export", None)
        context.update(
            {
                "filter_form": self.filter_form,
                "report": self.report,
                "period": self.report.period,
                "filter_summary": self.filter_summary,
                "fields": self.fields,
                "rows": context["object_list"],
                "charts": self.get_charts(),
                "report_links": report_links,
                "current_report": self.url_name,
                "query": query.urlencode(),
            }
        )
        return context


class DashboardView(ImpactReportView):
    page_title = _("Campaign impact")
    menu_label = _("Dashboard")
    header_icon = "pick"
    template_name = "impact/dashboard.html"
    report_slug = "ringkasan"
    url_name = "dashboard"
    fields = [
        ("section", _("Section"), TEXT),
        ("metric", _("Measure"), TEXT),
        ("key", _("Key"), TEXT),
        ("value", _("Value"), NUMBER),
    ]

    def get_rows(self):
        return self.report.headline_rows()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        sector_rows, sector_total = report.by_sector
        region_rows, region_total = report.by_region
        context.update(
            {
                "sector_fields": SectorReportView.fields,
                "sector_rows": [*sector_rows, sector_total],
                "region_fields": RegionReportView.fields,
                "region_rows": [*region_rows, region_total],
                "top_tables": [
                    {
                        "title": _("Products by contacts"),
                        "fields": [PRODUCT_FIELD, CONTACTS_FIELD],
                        "rows": report.top_products_by_contacts,
                    },
                    {
                        "title": _("Products by paid sales"),
                        "fields": [PRODUCT_FIELD, GMV_FIELD],
                        "rows": report.top_products_by_sales,
                    },
                    {
                        "title": _("Sellers by contacts"),
                        "fields": [SELLER_FIELD, CONTACTS_FIELD],
                        "rows": report.top_sellers_by_contacts,
                    },
                    {
                        "title": _("Sellers by paid sales"),
                        "fields": [SELLER_FIELD, GMV_FIELD],
                        "rows": report.top_sellers_by_sales,
                    },
                    {
                        "title": _("How people pay"),
                        "fields": [
                            ("name", _("Payment method"), TEXT),
                            ("paid_orders", _("Paid orders"), NUMBER),
                            GMV_FIELD,
                        ],
                        "rows": report.sales_by_payment_method,
                    },
                ],
            }
        )
        return context

    def get_charts(self):
        report = self.report
        series = report.series
        sector_rows, _total = report.by_sector
        region_rows, _total = report.by_region
        time_heading = _("Week starting") if report.period.granularity == "week" else _("Month")
        return {
            "clicks": column_chart(
                [(row["label"], row["clicks"]) for row in series],
                _("Contact clicks over time"),
                _("Contact clicks"),
                time_heading,
                width=520,
            ),
            "gmv": column_chart(
                [(row["label"], row["gmv"]) for row in series],
                _("Paid sales (GMV) over time"),
                _("GMV"),
                time_heading,
                rupiah=True,
                width=520,
            ),
            "sector_clicks": bar_chart(
                [(row["name"], row["clicks"]) for row in sector_rows],
                _("Contact clicks by sector"),
                _("Contact clicks"),
                _("Sector"),
            ),
            "region_gmv": bar_chart(
                [(row["name"], row["gmv"]) for row in region_rows],
                _("Paid sales (GMV) by region"),
                _("GMV"),
                _("Region"),
                rupiah=True,
            ),
        }


class SeriesReportView(ImpactReportView):
    page_title = _("Impact over time")
    header_icon = "calendar"
    report_slug = "waktu"
    url_name = "series"
    fields = [
        ("bucket", _("Period starting"), DATE),
        ("clicks", _("Contact clicks"), NUMBER),
        ("enquiries", _("Enquiries"), NUMBER),
        ("paid_orders", _("Paid orders"), NUMBER),
        ("gmv", _("GMV (Rp)"), RUPIAH),
        ("pledges", _("Pledges"), NUMBER),
    ]

    def get_rows(self):
        return self.report.series

    def get_charts(self):
        series = self.report.series
        heading = _("Week starting") if self.report.period.granularity == "week" else _("Month")
        return [
            column_chart(
                [(row["label"], row["clicks"]) for row in series],
                _("Contact clicks over time"),
                _("Contact clicks"),
                heading,
            ),
            column_chart(
                [(row["label"], row["gmv"]) for row in series],
                _("Paid sales (GMV) over time"),
                _("GMV"),
                heading,
                rupiah=True,
            ),
            column_chart(
                [(row["label"], row["pledges"]) for row in series],
                _("Pledges over time"),
                _("Pledges"),
                heading,
            ),
        ]


BREAKDOWN_FIELDS = [
    ("sellers_active", _("Active sellers"), NUMBER),
    ("sellers_new", _("New sellers"), NUMBER),
    ("products_live", _("Live products"), NUMBER),
    ("products_certified", _("Certified products"), NUMBER),
    ("clicks", _("Contact clicks"), NUMBER),
    ("enquiries", _("Enquiries"), NUMBER),
    ("paid_orders", _("Paid orders"), NUMBER),
    ("gmv", _("GMV (Rp)"), RUPIAH),
]


class SectorReportView(ImpactReportView):
    page_title = _("Impact by sector")
    header_icon = "folder-open-inverse"
    report_slug = "sektor"
    url_name = "by_sector"
    fields = [("name", _("Sector"), TEXT), *BREAKDOWN_FIELDS]

    def get_rows(self):
        rows, total = self.report.by_sector
        return [*rows, total]

    def get_charts(self):
        rows, _total = self.report.by_sector
        return [
            bar_chart(
                [(row["name"], row["clicks"]) for row in rows],
                _("Contact clicks by sector"),
                _("Contact clicks"),
                _("Sector"),
            ),
            bar_chart(
                [(row["name"], row["gmv"]) for row in rows],
                _("Paid sales (GMV) by sector"),
                _("GMV"),
                _("Sector"),
                rupiah=True,
            ),
        ]


class RegionReportView(ImpactReportView):
    page_title = _("Impact by region")
    header_icon = "site"
    report_slug = "wilayah"
    url_name = "by_region"
    fields = [("name", _("Region"), TEXT), *BREAKDOWN_FIELDS, ("pledges", _("Pledges"), NUMBER)]

    def get_rows(self):
        rows, total = self.report.by_region
        return [*rows, total]

    def get_charts(self):
        rows, _total = self.report.by_region
        return [
            bar_chart(
                [(row["name"], row["clicks"]) for row in rows],
                _("Contact clicks by region"),
                _("Contact clicks"),
                _("Region"),
            ),
            bar_chart(
                [(row["name"], row["gmv"]) for row in rows],
                _("Paid sales (GMV) by region"),
                _("GMV"),
                _("Region"),
                rupiah=True,
            ),
            bar_chart(
                [(row["name"], row["pledges"]) for row in rows],
                _("Pledges by region"),
                _("Pledges"),
                _("Region"),
            ),
        ]


class TopReportView(ImpactReportView):
    """Top 10 by contacts (default) or, with ?rank=sales, by paid sales."""

    template_name = "impact/top_report.html"
    contact_fields = [
        ("contacts", _("Contact clicks"), NUMBER),
        ("whatsapp", _("WhatsApp"), NUMBER),
        ("phone", _("Phone"), NUMBER),
        ("email", _("E-mail"), NUMBER),
    ]
    sales_fields = [
        ("gmv", _("GMV (Rp)"), RUPIAH),
        ("paid_orders", _("Paid orders"), NUMBER),
        ("units", _("Units sold"), NUMBER),
    ]
    name_fields = []

    @cached_property
    def rank(self):
        return "sales" if self.request.GET.get("rank") == "sales" else "contacts"

    @property
    def fields(self):
        ranked = self.sales_fields if self.rank == "sales" else self.contact_fields
        return [*self.name_fields, *ranked]

    def get_filename(self):
        return f"{super().get_filename()}-{self.rank}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("export", None)
        tabs = []
        for rank, label in (("contacts", _("By contacts")), ("sales", _("By paid sales"))):
            query["rank"] = rank
            tabs.append((rank, label, "?" + query.urlencode()))
        context.update({"rank": self.rank, "rank_tabs": tabs})
        return context


class TopProductsReportView(TopReportView):
    page_title = _("Top 10 products")
    header_icon = "tag"
    report_slug = "produk-teratas"
    url_name = "top_products"
    name_fields = [("name", _("Product"), TEXT), ("seller_name", _("Seller"), TEXT)]

    @property
    def fields(self):
        fields = super().fields
        if self.rank == "sales":
            fields = [*fields, ("variants", _("Sizes/colours sold"), TEXT)]
        return fields

    def get_rows(self):
        if self.rank == "sales":
            variants = self.report.top_products_variant_sales
            return [
                {**row, "variants": variants.get(row["product_id"], "")}
                for row in self.report.top_products_by_sales
            ]
        return self.report.top_products_by_contacts


class TopSellersReportView(TopReportView):
    page_title = _("Top 10 sellers")
    header_icon = "group"
    report_slug = "penjual-teratas"
    url_name = "top_sellers"
    name_fields = [("name", _("Seller"), TEXT)]

    def get_rows(self):
        if self.rank == "sales":
            return self.report.top_sellers_by_sales
        return self.report.top_sellers_by_contacts


class ProgrammeReportView(ImpactReportView):
    """The office's IKM programme: facilitation, certificates, product tests, field visits."""

    page_title = _("IKM programme")
    header_icon = "form"
    report_slug = "program-ikm"
    url_name = "programme"
    template_name = "impact/programme_report.html"
    fields = [
        ("type", _("Licence or certificate"), TEXT),
        ("stage", _("Stage"), TEXT),
        ("sector", _("Sector"), TEXT),
        ("region", _("Region"), TEXT),
        ("requests", _("Requests"), NUMBER),
    ]

    @cached_property
    def programme(self):
        sectors, regions = self.choices
        return ProgrammeReport(
            self.report.period,
            self.report.sector_id,
            self.report.region_id,
            sectors=sectors,
            regions=regions,
        )

    def get_rows(self):
        if self.request.GET.get("export"):
            return self.programme.export_rows()
        return self.programme.request_rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = self.programme.summary
        return context


REPORT_VIEWS = [
    DashboardView,
    SeriesReportView,
    SectorReportView,
    RegionReportView,
    TopProductsReportView,
    TopSellersReportView,
    ProgrammeReportView,
]
