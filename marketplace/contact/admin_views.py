"""Wagtail admin for contact: enquiries (scoped to the user's sellers) and contact-click counts.

Every queryset here goes through marketplace.scoping.scope_to_seller, so a seller account sees
only its own enquiries and clicks; editors see every seller's.
"""

import django_filters

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaksbr
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.permission_policies import ModelPermissionPolicy

from marketplace.scoping import can_manage_all_sellers, scope_to_seller, sellers_for_user
from pasarlokal.core.exports import FormulaSafeExportMixin

from .models import ContactClick, Enquiry


def scoped_enquiries(user):
    return scope_to_seller(Enquiry.objects.all(), user)


class EnquiryPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, except that nobody creates enquiries in the admin: shoppers do."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and scoped_enquiries(user).filter(pk=instance.pk).exists()
        )


def mark_answered(enquiry):
    if enquiry.status != Enquiry.Status.ANSWERED:
        enquiry.status = Enquiry.Status.ANSWERED
        enquiry.answered_at = timezone.now()
        enquiry.save(update_fields=["status", "answered_at"])


# --- Enquiry views ----------------------------------------------------------------------


class EnquiryFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Enquiry.Status.choices, empty_label=_("Any")
    )
    seller = django_filters.ModelChoiceFilter(
        label=_("Seller"), queryset=lambda request: sellers_for_user(request.user).order_by("title")
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Received"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Enquiry
        fields = ["status", "seller", "created_at"]


class MessageColumn(Column):
    """The start of the shopper's message; rendered by a template, so it is always escaped."""

    def get_value(self, instance):
        return Truncator(" ".join(instance.message.split())).chars(80)


class EnquiryIndexView(FormulaSafeExportMixin, generic.IndexView):
    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # The shopper's name opens the enquiry to read (inspect), not the status form (edit);
        # the row's "more" menu (mark answered, edit, delete) comes with the title column.
        column_class = self._get_title_column_class(column_class)
        return column_class(
            field_name, label=_("From"), sort_key=field_name, get_url=self.get_inspect_url
        )

    def get_base_queryset(self):
        return scoped_enquiries(self.request.user).select_related("product", "seller")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == Enquiry.Status.NEW and self.permission_policy.user_has_permission(
            self.request.user, "change"
        ):
            buttons.insert(
                0,
                ListingButton(
                    _("Mark answered"),
                    url=reverse("contact_enquiry:answered", args=[instance.pk]),
                    icon_name="check",
                    priority=5,
                    attrs={
                        "data-controller": "w-action",
                        "data-action": "w-action#post",
                        "data-w-action-url-value": reverse(
                            "contact_enquiry:answered", args=[instance.pk]
                        ),
                        "data-w-action-next-value": reverse("contact_enquiry:index"),
                    },
                ),
            )
        return buttons


class EnquiryEditView(generic.EditView):
    def get_queryset(self):
        return scoped_enquiries(self.request.user)

    def save_instance(self):
        instance = self.form.save(commit=False)
        if instance.status == Enquiry.Status.ANSWERED and not instance.answered_at:
            instance.answered_at = timezone.now()
        elif instance.status == Enquiry.Status.NEW:
            instance.answered_at = None
        instance.save()
        return instance


class EnquiryDeleteView(generic.DeleteView):
    def get_queryset(self):
        return scoped_enquiries(self.request.user)


class EnquiryInspectView(generic.InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            scoped_enquiries(self.request.user).select_related("product", "seller"), pk=self.pk
        )

    def get_product_display_value(self):
        product = self.object.product
        if product is None:
            return "-"
        return product.title

    def get_phone_display_value(self):
        return f"+{self.object.phone}" if self.object.phone else "-"

    def get_email_display_value(self):
        email = self.object.email
        return format_html('<a href="mailto:{}">{}</a>', email, email) if email else "-"

    def get_message_display_value(self):
        # Escaped first, then line breaks kept: what the shopper typed is never markup.
        return linebreaksbr(self.object.message, autoescape=True)

    def get_quantity_display_value(self):
        return self.object.quantity or "-"

    def _local_time(self, value):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else "-"

    def get_created_at_display_value(self):
        return self._local_time(self.object.created_at)

    def get_answered_at_display_value(self):
        return self._local_time(self.object.answered_at)

    def get_language_display_value(self):
        return dict(settings.LANGUAGES).get(self.object.language, self.object.language or "-")

    @cached_property
    def header_buttons(self):
        buttons = []
        if self.object.status == Enquiry.Status.NEW and self.user_has_permission("change"):
            buttons.append(
                HeaderButton(
                    _("Mark answered"),
                    url=reverse("contact_enquiry:answered", args=[self.object.pk]),
                    icon_name="check",
                    attrs={
                        "data-controller": "w-action",
                        "data-action": "w-action#post",
                        "data-w-action-url-value": reverse(
                            "contact_enquiry:answered", args=[self.object.pk]
                        ),
                    },
                )
            )
        if self.object.product_id:
            buttons.append(
                HeaderButton(
                    _("View product"),
                    url=self.object.product.url or "#",
                    icon_name="link-external",
                )
            )
        return buttons


class EnquiryHistoryView(generic.history.HistoryView):
    def get_base_object_queryset(self):
        return scoped_enquiries(self.request.user)


class EnquiryUsageView(generic.usage.UsageView):
    def get_base_object_queryset(self):
        return scoped_enquiries(self.request.user)


@require_POST
def mark_answered_view(request, pk):
    if not enquiry_permission_policy.user_has_permission(request.user, "change"):
        raise PermissionDenied
    enquiry = get_object_or_404(scoped_enquiries(request.user), pk=pk)
    mark_answered(enquiry)
    messages.success(
        request, _("Enquiry from %(name)s marked as answered.") % {"name": enquiry.name}
    )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("contact_enquiry:inspect", args=[enquiry.pk])
    return HttpResponseRedirect(next_url)


enquiry_permission_policy = EnquiryPermissionPolicy(Enquiry)


class EnquiryViewSet(ModelViewSet):
    model = Enquiry
    name = "contact_enquiry"
    url_prefix = "enquiries"
    icon = "mail"
    menu_label = _("Enquiries")
    menu_order = 210
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = EnquiryIndexView
    edit_view_class = EnquiryEditView
    delete_view_class = EnquiryDeleteView
    inspect_view_class = EnquiryInspectView
    history_view_class = EnquiryHistoryView
    usage_view_class = EnquiryUsageView
    filterset_class = EnquiryFilterSet
    search_fields = ["name", "email", "phone", "message"]
    search_backend_name = None
    form_fields = ["status"]
    list_display = [
        "name",
        Column("product", label=_("Product")),
        Column("seller", label=_("Seller")),
        MessageColumn("message", label=_("Message")),
        StatusTagColumn(
            "get_status_display",
            label=_("Status"),
            primary=lambda enquiry: enquiry.status == Enquiry.Status.NEW,
        ),
        DateColumn("created_at", label=_("Received"), sort_key="created_at"),
    ]
    list_export = [
        "created_at",
        "seller",
        "product",
        "name",
        "email",
        "phone",
        "quantity",
        "message",
        "status",
    ]
    inspect_view_fields = [
        "product",
        "seller",
        "name",
        "email",
        "phone",
        "quantity",
        "message",
        "status",
        "language",
        "created_at",
        "answered_at",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("answered/<int:pk>/", mark_answered_view, name="answered"),
        ]


# --- Contact-click report ---------------------------------------------------------------


def can_view_click_report(user):
    return can_manage_all_sellers(user) or user.has_perm("contact.view_contactclick")


class ClickFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    seller = django_filters.ModelChoiceFilter(
        label=_("Seller"), queryset=lambda request: sellers_for_user(request.user).order_by("title")
    )

    class Meta:
        model = ContactClick
        fields = ["created_at", "seller"]


def _product_label(row):
    return row["product__title"] or _("(storefront)")


class ContactClickReportView(FormulaSafeExportMixin, ReportView):
    """Clicks per product and channel: one GROUP BY query, however many products there are."""

    page_title = _("Contact clicks")
    verbose_name = _("product")
    verbose_name_plural = _("products")
    header_icon = "pick"
    index_url_name = "contact_clicks:index"
    index_results_url_name = "contact_clicks:results"
    filterset_class = ClickFilterSet
    default_ordering = "-total"
    paginate_by = 50
    columns = [
        Column("seller__title", label=_("Seller"), sort_key="seller__title"),
        Column("product", label=_("Product"), accessor=_product_label),
        Column("whatsapp", label=_("WhatsApp"), sort_key="whatsapp"),
        Column("phone", label=_("Phone"), sort_key="phone"),
        Column("email", label=_("E-mail"), sort_key="email"),
        Column("whatsapp_cart", label=_("WhatsApp cart order"), sort_key="whatsapp_cart"),
        Column("total", label=_("Total"), sort_key="total"),
    ]
    list_export = [
        "seller__title",
        "product__title",
        "whatsapp",
        "phone",
        "email",
        "whatsapp_cart",
        "total",
    ]
    export_headings = {
        "seller__title": _("Seller"),
        "product__title": _("Product"),
        "whatsapp": _("WhatsApp"),
        "phone": _("Phone"),
        "email": _("E-mail"),
        "whatsapp_cart": _("WhatsApp cart order"),
        "total": _("Total"),
    }
    export_filename = "contact-clicks"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_click_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return scope_to_seller(ContactClick.objects.all(), self.request.user)

    def get_filtered_queryset(self):
        # Filter the clicks first, then group: the counts follow the chosen dates and seller.
        clicks = self.filter_queryset(self.get_base_queryset())
        channel = ContactClick.Channel
        rows = (
            clicks.order_by()
            .values("seller_id", "seller__title", "product_id", "product__title")
            .annotate(
                total=Count("id"),
                whatsapp=Count("id", filter=Q(channel=channel.WHATSAPP)),
                phone=Count("id", filter=Q(channel=channel.PHONE)),
                email=Count("id", filter=Q(channel=channel.EMAIL)),
                whatsapp_cart=Count("id", filter=Q(channel=channel.WHATSAPP_CART)),
            )
        )
        return rows.order_by(self.ordering, "seller__title", "product__title")


class ContactClickReportViewSet(ViewSet):
    name = "contact_clicks"
    url_prefix = "reports/contact-clicks"
    icon = "pick"
    menu_label = _("Contact clicks")
    menu_order = 215
    add_to_admin_menu = True

    @cached_property
    def menu_item_class(self):
        def is_shown(_self, request):
            return can_view_click_report(request.user)

        return type("ContactClickMenuItem", (MenuItem,), {"is_shown": is_shown})

    def get_urlpatterns(self):
        return [
            path("", ContactClickReportView.as_view(), name="index"),
            path("results/", ContactClickReportView.as_view(results_only=True), name="results"),
        ]
