"""Forms of the programme screens. Uploads go through the onboarding validator (content-sniffed
PDF/JPEG/PNG, at most 5 MB each)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from marketplace.products import ProductPage
from marketplace.scoping import scope_to_seller, sellers_for_user
from marketplace.sellerportal.forms import MultipleDocumentField, validate_document
from marketplace.sellers import SellerPage
from marketplace.taxonomy import CertificationType

from .models import FacilitationRequest, Licence, ProductTest, Stage, TestStatus
from .setup import FACILITATORS_GROUP, is_programme_staff

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def documents_field():
    return MultipleDocumentField(
        label=_("Documents you already have"),
        required=False,
        help_text=_("Scans or photos: PDF, JPEG or PNG, at most 5 MB each."),
    )


def sellers_of(user):
    """Sellers a user may file for: all of them for programme staff, else their own."""
    if is_programme_staff(user):
        return SellerPage.objects.all()
    return sellers_for_user(user)


def products_of(user):
    if is_programme_staff(user):
        return ProductPage.objects.all()
    return scope_to_seller(ProductPage.objects.all(), user, "seller")


def kind_choices():
    types = CertificationType.objects.in_default_locale().order_by("sort_order", "name")
    return (
        [("", _("Choose…"))]
        + [(f"type-{t.pk}", f"{t.short_label} – {t.name}") for t in types]
        + [(Licence.NIB.value, Licence.NIB.label), (Licence.HKI.value, Licence.HKI.label)]
    )


class FacilitationRequestForm(forms.Form):
    """“Ajukan fasilitasi”: what the seller needs, for which products, with what they have."""

    seller = forms.ModelChoiceField(label=_("Seller"), queryset=None)
    kind = forms.ChoiceField(label=_("Licence or certificate"))
    products = forms.ModelMultipleChoiceField(
        label=_("For which products?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty when it is for the whole business."),
    )
    description = forms.CharField(
        label=_("What do you need help with?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    documents = documents_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        sellers = sellers_of(user).order_by("title")
        self.fields["seller"].queryset = sellers
        self.fields["kind"].choices = kind_choices()
        self.fields["products"].queryset = products_of(user).order_by("title")
        if not is_programme_staff(user) and sellers.count() == 1:
            # A seller with one business does not choose it.
            self.fields["seller"].initial = sellers.first()
            self.fields["seller"].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind") or ""
        if kind.startswith("type-"):
            certification_type = (
                CertificationType.objects.in_default_locale().filter(pk=kind[5:]).first()
            )
            if certification_type is None:
                self.add_error("kind", _("Choose a licence or certificate from the list."))
            cleaned["licence"] = Licence.CERTIFICATE
            cleaned["certification_type"] = certification_type
        else:
            cleaned["licence"] = kind
            cleaned["certification_type"] = None
        seller = cleaned.get("seller")
        products = cleaned.get("products") or []
        if seller and any(p.seller_id != seller.pk for p in products):
            self.add_error("products", _("Choose products of this seller only."))
        return cleaned


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    documents = documents_field()

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("body") and not cleaned.get("documents"):
            raise forms.ValidationError(_("Write a message or add a document."))
        return cleaned


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"))
    note = forms.CharField(
        label=_("Note to the seller (the reason, for a refusal)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    number = forms.CharField(label=_("Number issued"), required=False, max_length=80)
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DATE_INPUT)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, stages, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Stage.choices)
        self.fields["stage"].choices = [(s.value, labels[s]) for s in stages]


class ReopenForm(forms.Form):
    stage = forms.ChoiceField(label=_("Reopen at"))
    reason = forms.CharField(
        label=_("Why is it reopened?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, stages, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Stage.choices)
        self.fields["stage"].choices = [(s.value, labels[s]) for s in stages]


class AssignmentForm(forms.ModelForm):
    """Staff: who works on it, by when, and what the seller must send next."""

    class Meta:
        model = FacilitationRequest
        fields = ["assignee", "due_date", "needs_from_seller"]
        widgets = {
            "due_date": DATE_INPUT,
            "needs_from_seller": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True)
        self.fields["assignee"].queryset = (
            (
                users.filter(groups__name__in=[FACILITATORS_GROUP, "Editors"])
                | users.filter(is_superuser=True)
            )
            .distinct()
            .order_by("first_name", "username")
        )


class ProductTestRequestForm(forms.ModelForm):
    """“Uji kelayakan produk”: which product, which test, where and when the sample goes."""

    class Meta:
        model = ProductTest
        fields = ["product", "standard", "sample_handover_date", "sample_handover_place", "note"]
        widgets = {"sample_handover_date": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = (
            products_of(user).select_related("seller").order_by("title")
        )
        self.fields["sample_handover_place"].help_text = _(
            "e.g. the office's laboratory in Mataram, or collected at your workshop"
        )


class ProductTestResultForm(forms.ModelForm):
    """Staff: the register entry (lab, dates, result with values, report)."""

    report_file = forms.FileField(
        label=_("Lab report"),
        required=False,
        help_text=_("PDF, JPEG or PNG, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    class Meta:
        model = ProductTest
        fields = [
            "status",
            "lab",
            "sample_handover_date",
            "sample_handover_place",
            "tested_on",
            "result_values",
        ]
        widgets = {
            "sample_handover_date": DATE_INPUT,
            "tested_on": DATE_INPUT,
            "result_values": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_report_file(self):
        uploaded = self.cleaned_data.get("report_file")
        if uploaded:
            self.report_content_type = validate_document(uploaded)
        return uploaded

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == TestStatus.FAILED and not cleaned.get("result_values"):
            self.add_error("result_values", _("Record the measured values of a failed test."))
        return cleaned
