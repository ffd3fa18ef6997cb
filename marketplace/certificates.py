"""The certificate admin: sellers keep their products' certificates, editors verify them.

Rules (the form enforces them whatever the request says):
- a seller account sees and edits only certificates of its own sellers' products
  (`scope_to_seller(…, "product__seller")`) and can only attach them to those products;
- the number must match the certification type's pattern (Certificate.clean);
- only users who can manage all sellers see and set `verified`; when they tick it, who and
  when are recorded;
- anyone else changing the number, type or product of a certificate resets its verification.
"""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.documents import get_document_model

from .products import Certificate, ProductPage
from .scoping import can_manage_all_sellers, own_collections, scope_to_seller

IDENTITY_FIELDS = {"number", "certification_type", "product"}


class CertificateForm(WagtailAdminModelForm):
    class Meta:
        model = Certificate
        fields = ["product", "certification_type", "number", "valid_until", "document", "verified"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        self.can_verify = can_manage_all_sellers(user)
        if "product" in self.fields:
            self.fields["product"].queryset = scope_to_seller(
                ProductPage.objects.all(), user, "seller"
            ).order_by("title")
        if "document" in self.fields:
            # The chooser only offers the seller's own collection; the field accepts no more.
            documents = get_document_model().objects.all()
            if not self.can_verify:
                documents = documents.filter(collection__in=own_collections(user))
            self.fields["document"].queryset = documents
        if not self.can_verify:
            self.fields.pop("verified", None)
        if "number" in self.fields:
            self.fields["number"].help_text = _(
                "As printed on the certificate. Halal: ID followed by digits; "
                "P-IRT: 15 digits, e.g. 1234567890123-45; BPOM: MD or ML followed by digits."
            )

    def save(self, commit=True):
        certificate = super().save(commit=False)
        identity_changed = bool(IDENTITY_FIELDS & set(self.changed_data))
        if self.can_verify:
            if certificate.verified and (
                "verified" in self.changed_data or identity_changed or not certificate.verified_at
            ):
                certificate.verified_by = self.for_user
                certificate.verified_at = timezone.now()
            elif not certificate.verified:
                certificate.clear_verification()
        elif identity_changed:
            # A changed number is a different certificate until an editor has looked at it.
            certificate.clear_verification()
        if commit:
            certificate.save()
            self.save_m2m()
        return certificate


class ScopedObjectMixin:
    """Edit/delete/inspect/history/usage only what the user's sellers own (others get a 404).

    Checked after loading: several of Wagtail's generic views ignore a queryset passed to
    get_object, so passing a scoped one is not enough.
    """

    def get_object(self, *args, **kwargs):
        certificate = super().get_object(*args, **kwargs)
        scoped = scope_to_seller(Certificate.objects.all(), self.request.user, "product__seller")
        if not scoped.filter(pk=certificate.pk).exists():
            raise Http404
        return certificate


class CertificateIndexView(generic.IndexView):
    def get_base_queryset(self):
        queryset = (
            super()
            .get_base_queryset()
            .select_related("product", "certification_type", "verified_by")
        )
        return scope_to_seller(queryset, self.request.user, "product__seller")


class CertificateEditView(ScopedObjectMixin, generic.EditView):
    pass


class CertificateDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class CertificateInspectView(ScopedObjectMixin, generic.InspectView):
    pass


class CertificateHistoryView(ScopedObjectMixin, HistoryView):
    pass


class CertificateUsageView(ScopedObjectMixin, UsageView):
    pass


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "success"
    menu_label = _("Certificates")
    menu_order = 310
    add_to_admin_menu = True
    index_view_class = CertificateIndexView
    edit_view_class = CertificateEditView
    delete_view_class = CertificateDeleteView
    inspect_view_class = CertificateInspectView
    history_view_class = CertificateHistoryView
    usage_view_class = CertificateUsageView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "product",
        "certification_type",
        "number",
        "valid_until",
        BooleanColumn("verified", label=_("Verified")),
    ]
    list_filter = ["certification_type", "verified"]
    search_fields = ["number", "product__title"]
    search_backend_name = None
    ordering = ["valid_until"]
    edit_handler = ObjectList(
        [
            FieldPanel("product"),
            FieldPanel("certification_type"),
            FieldPanel("number"),
            FieldPanel("valid_until"),
            FieldPanel("document"),
            FieldPanel("verified", permission="marketplace.manage_all_sellers"),
        ],
        base_form_class=CertificateForm,
    )
