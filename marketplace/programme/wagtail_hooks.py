"""The programme in the Wagtail admin: the facilitation board, the test register, the seller's
expiry panel. Menu labels are in the sellers' words ("Fasilitasi", "Uji produk")."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.viewsets.model import ModelViewSet

from marketplace.sellerportal.guard import is_seller_account

from . import views
from .models import OPEN_STAGES, FacilitationRequest, ProductTest
from .panels import ExpiringCertificatesPanel


class FacilitationViewSet(ModelViewSet):
    model = FacilitationRequest
    name = "facilitation"
    url_prefix = "fasilitasi"
    icon = "form"
    menu_label = _("Facilitation")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = views.BoardView
    add_view_class = views.RequestCreateView
    edit_view_class = views.RequestDetailView
    inspect_view_class = views.RequestDetailView
    inspect_view_enabled = True
    delete_view_class = views.RequestDeleteView
    history_view_class = views.RequestHistoryView
    usage_view_class = views.RequestUsageView
    copy_view_enabled = False
    filterset_class = views.BoardFilterSet
    search_fields = ["seller__title", "number", "description"]
    search_backend_name = None
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    list_display = [
        "title_label",
        Column("seller", label=_("Seller"), accessor="seller.title", sort_key="seller__title"),
        StatusTagColumn(
            "get_stage_display",
            label=_("Stage"),
            sort_key="stage",
            primary=lambda request: request.stage in OPEN_STAGES,
        ),
        Column("assignee_name", label=_("Assignee"), sort_key="assignee__first_name"),
        views.DueDateColumn("due_date", label=_("Due"), sort_key="due_date"),
        Column("days_in_stage", label=_("Days in stage"), sort_key="stage_changed_at"),
        Column("sector_name", label=_("Sector"), sort_key="seller__sector__name"),
        Column("region_name", label=_("Region"), sort_key="seller__region__name"),
    ]
    list_export = [
        "pk",
        "seller.title",
        "type_label",
        "get_stage_display",
        "assignee_name",
        "due_date",
        "days_in_stage",
        "is_overdue",
        "sector_name",
        "region_name",
        "created_at",
        "number",
        "refusal_reason",
    ]
    export_filename = "fasilitasi"
    form_fields = ["assignee", "due_date", "needs_from_seller"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("dokumen/<int:pk>/", views.request_document_view, name="document"),
            path("perpanjang/<int:certificate_id>/", views.renew_view, name="renew"),
        ]


class ProductTestViewSet(ModelViewSet):
    model = ProductTest
    name = "product_tests"
    url_prefix = "uji-produk"
    icon = "tasks"
    menu_label = _("Product tests")
    menu_order = 261
    add_to_admin_menu = True
    index_view_class = views.TestRegisterView
    add_view_class = views.TestCreateView
    edit_view_class = views.TestDetailView
    inspect_view_class = views.TestDetailView
    inspect_view_enabled = True
    delete_view_class = views.TestDeleteView
    history_view_class = views.TestHistoryView
    usage_view_class = views.TestUsageView
    copy_view_enabled = False
    filterset_class = views.TestFilterSet
    search_fields = ["product__title", "seller__title", "lab"]
    search_backend_name = None
    ordering = ["-created_at", "-pk"]
    list_display = [
        "__str__",
        Column("seller", label=_("Seller"), accessor="seller.title"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("lab", label=_("Laboratory")),
        DateColumn("sample_handover_date", label=_("Sample hand-over")),
        DateColumn("tested_on", label=_("Tested on")),
        Column("result_values", label=_("Measured values")),
    ]
    list_export = [
        "pk",
        "seller.title",
        "product.title",
        "get_standard_display",
        "get_status_display",
        "lab",
        "sample_handover_date",
        "tested_on",
        "result_values",
    ]
    export_filename = "uji-produk"
    form_fields = ["status"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("laporan/<int:pk>/", views.test_report_view, name="report"),
        ]


@hooks.register("register_admin_viewset")
def register_programme_viewsets():
    return [FacilitationViewSet(), ProductTestViewSet()]


@hooks.register("construct_homepage_panels")
def expiring_certificates_panel(request, panels):
    if is_seller_account(request.user):
        panels.insert(0, ExpiringCertificatesPanel(request.user))
