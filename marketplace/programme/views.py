"""Admin screens of the programme: the facilitation board and request page, the test register.

Every queryset goes through `scoped_requests` / `scoped_tests`: staff (Fasilitator, superusers)
see every seller's, a seller account only its own; another seller's object is a 404 for GET and
POST alike.
"""

import django_filters

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from marketplace.products import Certificate
from marketplace.scoping import scope_to_seller
from marketplace.taxonomy import CertificationType, Region, Sector
from pasarlokal.core.exports import FormulaSafeExportMixin

from .forms import (
    AssignmentForm,
    FacilitationRequestForm,
    MessageForm,
    ProductTestRequestForm,
    ProductTestResultForm,
    ReopenForm,
    StageForm,
)
from .models import (
    FINAL_STAGES,
    FacilitationRequest,
    Licence,
    ProductTest,
    RequestDocument,
    Stage,
    TestStatus,
)
from .setup import is_programme_staff
from .workflow import (
    add_message,
    can_reopen,
    create_request,
    move_request,
    next_stages,
    record_test_result,
    reopen_request,
    reopen_stages,
    request_renewal,
)


def scoped_requests(user):
    queryset = FacilitationRequest.objects.all()
    if is_programme_staff(user):
        return queryset
    return scope_to_seller(queryset, user)


def scoped_tests(user):
    queryset = ProductTest.objects.all()
    if is_programme_staff(user):
        return queryset
    return scope_to_seller(queryset, user)


def board_queryset(user):
    return scoped_requests(user).select_related(
        "seller", "seller__sector", "seller__region", "certification_type", "assignee"
    )


def save_documents(request, user, documents):
    for uploaded, content_type in documents or []:
        RequestDocument.objects.create(
            request=request,
            file=uploaded,
            original_name=uploaded.name[:255],
            content_type=content_type,
            size=uploaded.size,
            uploaded_by=user,
        )


# --- The facilitation board -----------------------------------------------------------------


class BoardFilterSet(WagtailFilterSet):
    stage = django_filters.MultipleChoiceFilter(label=gettext_lazy("Stage"), choices=Stage.choices)
    licence = django_filters.ChoiceFilter(
        label=gettext_lazy("Licence"), choices=Licence.choices, empty_label=gettext_lazy("Any")
    )
    certification_type = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Certificate type"),
        queryset=lambda request: CertificationType.objects.in_default_locale(),
    )
    sector = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Sector"),
        field_name="seller__sector",
        queryset=lambda request: Sector.objects.in_default_locale().order_by("sort_order", "name"),
    )
    region = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Region"),
        field_name="seller__region",
        queryset=lambda request: Region.objects.in_default_locale().order_by("name"),
    )
    overdue = django_filters.BooleanFilter(
        label=gettext_lazy("Overdue only"), method="filter_overdue"
    )

    class Meta:
        model = FacilitationRequest
        fields = ["stage", "licence", "certification_type", "sector", "region", "assignee"]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(due_date__lt=timezone.localdate()) & ~Q(stage__in=FINAL_STAGES)
        if value is True:
            return queryset.filter(overdue)
        if value is False:
            return queryset.exclude(overdue)
        return queryset


class DueDateColumn(Column):
    """The due date, with an “overdue” tag when it has passed on an open request."""

    cell_template_name = "marketplace/programme/admin/due_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = instance.is_overdue
        return context


class BoardView(FormulaSafeExportMixin, generic.IndexView):
    page_title = gettext_lazy("Facilitation requests")
    export_headings = {
        "pk": gettext_lazy("No."),
        "seller.title": gettext_lazy("Seller"),
        "type_label": gettext_lazy("Licence or certificate"),
        "get_stage_display": gettext_lazy("Stage"),
        "assignee_name": gettext_lazy("Assignee"),
        "due_date": gettext_lazy("Due date"),
        "days_in_stage": gettext_lazy("Days in stage"),
        "is_overdue": gettext_lazy("Overdue"),
        "sector_name": gettext_lazy("Sector"),
        "region_name": gettext_lazy("Region"),
        "created_at": gettext_lazy("Received"),
        "number": gettext_lazy("Number issued"),
        "refusal_reason": gettext_lazy("Reason for refusal"),
    }

    def get_base_queryset(self):
        return board_queryset(self.request.user)

    def _get_title_column(self, field_name, column_class=None, **kwargs):
        column = super()._get_title_column(field_name, **kwargs)
        column.get_url = self.get_inspect_url
        return column

    def get_inspect_url(self, instance):
        return reverse("facilitation:inspect", args=[instance.pk])


# --- One request: its stage, messages, documents and audit trail -----------------------------


class RequestObjectMixin:
    def get_request_object(self):
        return get_object_or_404(
            scoped_requests(self.request.user).select_related(
                "seller", "certification_type", "assignee", "created_by", "renews"
            ),
            pk=self.kwargs["pk"],
        )


class RequestDetailView(RequestObjectMixin, WagtailAdminTemplateMixin, TemplateView):
    """The request page for both sides; staff also get the stage, reopen and assignment forms."""

    template_name = "marketplace/programme/admin/request_detail.html"
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("programme.view_facilitationrequest"):
            raise PermissionDenied
        self.object = self.get_request_object()
        self.is_staff = is_programme_staff(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Request #%(id)s: %(type)s") % {
            "id": self.object.pk,
            "type": self.object.type_label,
        }

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("facilitation:index"), "label": _("Facilitation requests")},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def forms(self):
        data = self.request.POST if self.request.method == "POST" else None
        files = self.request.FILES if self.request.method == "POST" else None
        action = self.request.POST.get("action") if data is not None else None
        obj, user = self.object, self.request.user

        def bound(name):
            return (data, files) if action == name else (None, None)

        forms = {"message": MessageForm(*bound("message"), prefix="message")}
        stages = next_stages(obj, user)
        if self.is_staff and stages:
            forms["stage"] = StageForm(*bound("stage")[:1], stages=stages, prefix="stage")
        if self.is_staff and can_reopen(user) and obj.stage != Stage.RECEIVED:
            forms["reopen"] = ReopenForm(
                *bound("reopen")[:1], stages=reopen_stages(obj), prefix="reopen"
            )
        if self.is_staff:
            forms["assign"] = AssignmentForm(*bound("assign")[:1], instance=obj, prefix="assign")
        return forms

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        obj, user = self.object, request.user
        if action == "withdraw":
            if Stage.WITHDRAWN not in next_stages(obj, user):
                messages.error(request, _("This request can no longer be withdrawn."))
            else:
                move_request(obj, Stage.WITHDRAWN, user, request.POST.get("note", ""))
                messages.success(request, _("The request was withdrawn."))
            return redirect("facilitation:inspect", obj.pk)
        form = self.forms.get(action)
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                self.apply(action, form)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                return redirect("facilitation:inspect", obj.pk)
        messages.error(request, _("The form could not be saved; see the errors below."))
        return self.render_to_response(self.get_context_data(), status=400)

    def apply(self, action, form):
        obj, user, data = self.object, self.request.user, form.cleaned_data
        if action == "message":
            with transaction.atomic():
                if data.get("body"):
                    add_message(obj, user, data["body"])
                save_documents(obj, user, data.get("documents"))
            messages.success(self.request, _("Sent."))
        elif action == "stage":
            move_request(
                obj,
                data["stage"],
                user,
                data.get("note", ""),
                number=data.get("number", ""),
                issued_on=data.get("issued_on"),
                valid_until=data.get("valid_until"),
            )
            messages.success(self.request, _("Stage changed; the seller gets an e-mail."))
        elif action == "reopen":
            reopen_request(obj, data["stage"], user, data["reason"])
            messages.success(self.request, _("The request was reopened."))
        elif action == "assign":
            form.save()
            messages.success(self.request, _("Saved."))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        context.update(
            {
                "object": obj,
                "is_staff": self.is_staff,
                "forms": self.forms,
                "can_withdraw": not self.is_staff
                and Stage.WITHDRAWN in next_stages(obj, self.request.user),
                "changes": obj.stage_changes.select_related("changed_by"),
                "thread": obj.messages.select_related("author"),
                "documents": obj.documents.all(),
                "products": obj.products.all(),
                "certificates": obj.issued_certificates.select_related("certification_type"),
                "stage_steps": stage_steps(obj),
            }
        )
        return context


def stage_steps(obj):
    """The progress line a seller reads: done, current and still to come."""
    path = [Stage.RECEIVED, Stage.DOCUMENTS_COMPLETE, Stage.SUBMITTED]
    final = obj.stage if obj.stage in FINAL_STAGES else Stage.ISSUED
    steps = []
    current_index = (path + [final]).index(obj.stage)
    for index, stage in enumerate(path + [final]):
        state = "done" if index < current_index else "current" if index == current_index else "todo"
        steps.append({"label": Stage(stage).label, "state": state, "stage": stage})
    return steps


class RequestCreateView(WagtailAdminTemplateMixin, FormView):
    template_name = "marketplace/programme/admin/request_form.html"
    page_title = gettext_lazy("Request facilitation")
    header_icon = "form"

    def get_form_class(self):
        # Not the `form_class` attribute: the viewset would pass its own model form in it.
        return FacilitationRequestForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("programme.add_facilitationrequest"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("facilitation:index"), "label": _("Facilitation requests")},
            {"url": "", "label": self.page_title},
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        kind = self.request.GET.get("jenis", "")[:20]
        if kind:
            initial["kind"] = kind
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        with transaction.atomic():
            obj = create_request(
                data["seller"],
                self.request.user,
                licence=data["licence"],
                certification_type=data["certification_type"],
                products=data["products"],
                description=data["description"],
            )
            save_documents(obj, self.request.user, data.get("documents"))
        messages.success(
            self.request,
            _("Request #%(id)s received. The office will tell you what it needs next.")
            % {"id": obj.pk},
        )
        return redirect("facilitation:inspect", obj.pk)

    def form_invalid(self, form):
        messages.error(self.request, _("Please correct the errors below."))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RequestDeleteView(generic.DeleteView):
    def get_queryset(self):
        return scoped_requests(self.request.user)


class RequestHistoryView(generic.history.HistoryView):
    def get_base_object_queryset(self):
        return scoped_requests(self.request.user)


class RequestUsageView(generic.usage.UsageView):
    def get_base_object_queryset(self):
        return scoped_requests(self.request.user)


def request_document_view(request, pk):
    if not request.user.has_perm("programme.view_facilitationrequest"):
        raise PermissionDenied
    document = get_object_or_404(
        RequestDocument.objects.filter(request__in=scoped_requests(request.user)), pk=pk
    )
    return private_file(document.file, document.content_type, document.original_name)


def private_file(field_file, content_type, name):
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=content_type, as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def renew_view(request, certificate_id):
    """One tap from the expiry panel: an open renewal request for the certificate."""
    if not request.user.has_perm("programme.add_facilitationrequest"):
        raise PermissionDenied
    certificates = Certificate.objects.select_related("product__seller", "certification_type")
    if not is_programme_staff(request.user):
        certificates = scope_to_seller(certificates, request.user, "product__seller")
    certificate = get_object_or_404(certificates, pk=certificate_id)
    obj, created = request_renewal(certificate, request.user)
    if created:
        messages.success(
            request,
            _("Renewal help requested (request #%(id)s). The office will contact you.")
            % {"id": obj.pk},
        )
    else:
        messages.info(request, _("You already asked for help with this renewal."))
    return redirect("facilitation:inspect", obj.pk)


# --- The product test register --------------------------------------------------------------


class TestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=TestStatus.choices, empty_label=gettext_lazy("Any")
    )

    class Meta:
        model = ProductTest
        fields = ["status", "standard"]


class TestRegisterView(FormulaSafeExportMixin, generic.IndexView):
    page_title = gettext_lazy("Product tests")
    export_headings = {
        "pk": gettext_lazy("No."),
        "seller.title": gettext_lazy("Seller"),
        "product.title": gettext_lazy("Product"),
        "get_standard_display": gettext_lazy("Standard or test"),
        "get_status_display": gettext_lazy("Status"),
        "lab": gettext_lazy("Laboratory"),
        "sample_handover_date": gettext_lazy("Sample hand-over date"),
        "tested_on": gettext_lazy("Tested on"),
        "result_values": gettext_lazy("Measured values"),
    }

    def get_base_queryset(self):
        return scoped_tests(self.request.user).select_related("seller", "product")

    def _get_title_column(self, field_name, column_class=None, **kwargs):
        column = super()._get_title_column(field_name, **kwargs)
        column.get_url = lambda instance: reverse("product_tests:inspect", args=[instance.pk])
        return column


class TestCreateView(WagtailAdminTemplateMixin, FormView):
    template_name = "marketplace/programme/admin/test_form.html"
    page_title = gettext_lazy("Request a product test")
    header_icon = "tasks"

    def get_form_class(self):
        return ProductTestRequestForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("programme.add_producttest"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("product_tests:index"), "label": _("Product tests")},
            {"url": "", "label": self.page_title},
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form):
        test = form.save(commit=False)
        test.seller = test.product.seller
        test.requested_by = self.request.user
        test.save()
        messages.success(self.request, _("Test requested. Bring the sample as agreed."))
        return redirect("product_tests:inspect", test.pk)

    def form_invalid(self, form):
        messages.error(self.request, _("Please correct the errors below."))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TestDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "marketplace/programme/admin/test_detail.html"
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("programme.view_producttest"):
            raise PermissionDenied
        self.object = get_object_or_404(
            scoped_tests(request.user).select_related("seller", "product", "certificate"),
            pk=kwargs["pk"],
        )
        self.is_staff = is_programme_staff(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Test #%(id)s: %(product)s") % {
            "id": self.object.pk,
            "product": self.object.product.title,
        }

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("product_tests:index"), "label": _("Product tests")},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def form(self):
        if not self.is_staff:
            return None
        if self.request.method == "POST":
            return ProductTestResultForm(
                self.request.POST, self.request.FILES, instance=self.object
            )
        return ProductTestResultForm(instance=self.object)

    def post(self, request, *args, **kwargs):
        form = self.form
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            with transaction.atomic():
                test = form.save(commit=False)
                uploaded = form.cleaned_data.get("report_file")
                if uploaded:
                    test.content_type = form.report_content_type
                    test.report = uploaded
                test.save()
                record_test_result(test, request.user)
            messages.success(request, _("Test saved."))
            return redirect("product_tests:inspect", self.object.pk)
        messages.error(request, _("Please correct the errors below."))
        return self.render_to_response(self.get_context_data(), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"object": self.object, "form": self.form, "is_staff": self.is_staff})
        return context


class TestDeleteView(generic.DeleteView):
    def get_queryset(self):
        return scoped_tests(self.request.user)


class TestHistoryView(generic.history.HistoryView):
    def get_base_object_queryset(self):
        return scoped_tests(self.request.user)


class TestUsageView(generic.usage.UsageView):
    def get_base_object_queryset(self):
        return scoped_tests(self.request.user)


def test_report_view(request, pk):
    if not request.user.has_perm("programme.view_producttest"):
        raise PermissionDenied
    test = get_object_or_404(scoped_tests(request.user).exclude(report=""), pk=pk)
    extension = test.report.name.rsplit(".", 1)[-1]
    return private_file(
        test.report,
        test.content_type or "application/octet-stream",
        f"laporan-uji-{pk}.{extension}",
    )
