"""Forms of the seller portal: the public application form and the stock & price screen."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm

from marketplace.sellers import nib_validator
from marketplace.taxonomy import Category, Region, Sector
from marketplace.variants import ProductVariant
from pasarlokal.core.forms import AccessibleErrorsMixin, HoneypotMixin
from pasarlokal.core.money import RupiahField
from pasarlokal.core.phone import normalise_whatsapp

from .models import SellerApplication

MAX_DOCUMENT_SIZE = 5 * 1024 * 1024
MAX_DOCUMENTS = 5

# What a file IS, read from its first bytes; the name and the browser's content type are ignored.
MAGIC_NUMBERS = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]


def sniff_content_type(uploaded):
    """The document type from the file's content, or None when it is not PDF, JPEG or PNG."""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for magic, content_type in MAGIC_NUMBERS:
        if head.startswith(magic):
            return content_type
    return None


def validate_document(uploaded):
    """Refuse anything bigger than 5 MB or that is not really a PDF, JPEG or PNG. Returns its type."""
    name = uploaded.name
    if uploaded.size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            _("“%(name)s” is %(size)s; each document may be at most %(max)s.")
            % {
                "name": name,
                "size": filesizeformat(uploaded.size),
                "max": filesizeformat(MAX_DOCUMENT_SIZE),
            },
            code="too_big",
        )
    content_type = sniff_content_type(uploaded)
    if content_type is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, JPEG or PNG file (we check the content, not the name). "
                "Please upload a scan or photo in one of those formats."
            )
            % {"name": name},
            code="bad_type",
        )
    return content_type


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleDocumentField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        files = [f for f in files if f]
        if len(files) > MAX_DOCUMENTS:
            raise ValidationError(
                _("Please send at most %(count)d documents.") % {"count": MAX_DOCUMENTS}
            )
        errors, cleaned = [], []
        for uploaded in files:
            try:
                uploaded = super().clean(uploaded, initial)
                cleaned.append((uploaded, validate_document(uploaded)))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class SellerApplicationForm(AccessibleErrorsMixin, HoneypotMixin, forms.ModelForm):
    help_id_suffix = "_help"
    errors_id_suffix = "_errors"

    documents = MultipleDocumentField(
        label=_("Supporting documents"),
        required=False,
        help_text=_(
            "For example your NIB certificate or a photo of your workshop. PDF, JPEG or PNG, "
            "at most 5 MB each."
        ),
    )
    agree = forms.BooleanField(
        label=_("I confirm these details are true and may be checked by the industry office."),
        required=True,
    )

    class Meta:
        model = SellerApplication
        fields = [
            "business_name",
            "owner_name",
            "nib",
            "region",
            "sector",
            "category",
            "whatsapp",
            "email",
            "description",
        ]
        labels = {"description": _("Tell us about your business and products")}
        help_texts = {
            "nib": _("Your Nomor Induk Berusaha: 13 digits, from oss.go.id."),
            "whatsapp": _("A mobile number such as 0812-3456-7890. Shoppers will reach you here."),
            "email": _("Your seller account will use this address to sign in."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
            "nib": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "whatsapp": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "owner_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "business_name": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.in_default_locale().order_by("name")
        self.fields["sector"].queryset = Sector.objects.in_default_locale().order_by(
            "sort_order", "name"
        )
        self.fields["category"].queryset = (
            Category.objects.in_default_locale()
            .select_related("sector")
            .order_by("sector__sort_order", "sort_order", "name")
        )
        self.fields["nib"].validators.append(nib_validator)

    def clean_nib(self):
        return "".join((self.cleaned_data.get("nib") or "").split())

    def clean_whatsapp(self):
        return normalise_whatsapp(self.cleaned_data.get("whatsapp"))

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()

    def clean(self):
        cleaned = super().clean()
        sector, category = cleaned.get("sector"), cleaned.get("category")
        if sector and category and category.sector_id != sector.pk:
            self.add_error("category", _("This category belongs to another sector."))
        return cleaned


class RejectApplicationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the applicant)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
    )


class StockRowForm(forms.Form):
    """One product's row on the stock & price screen."""

    product_id = forms.IntegerField(widget=forms.HiddenInput)
    # The stock figure the row was loaded with: saving is a compare-and-set on it, so units
    # shoppers reserved meanwhile are not overwritten.
    loaded_quantity = forms.IntegerField(widget=forms.HiddenInput, required=False)
    quantity = forms.IntegerField(
        label=_("Stock"),
        min_value=0,
        max_value=1_000_000,
        error_messages={"min_value": _("Stock cannot be negative.")},
    )
    price = RupiahField(label=_("Price (Rp)"), required=False)
    sells_online = forms.BooleanField(label=_("Sell online"), required=False)


StockFormSet = forms.formset_factory(StockRowForm, extra=0, max_num=1000)


class VariantForm(forms.ModelForm):
    """One size or colour on the "Sizes & colours" screen; an empty extra row is ignored."""

    # Saving is a compare-and-set on the stock figure the row was loaded with, as for products.
    loaded_quantity = forms.IntegerField(widget=forms.HiddenInput, required=False)
    quantity = forms.IntegerField(
        label=_("Stock"),
        min_value=0,
        max_value=1_000_000,
        initial=0,
        error_messages={"min_value": _("Stock cannot be negative.")},
    )
    price = RupiahField(
        label=_("Own price (Rp)"),
        required=False,
        help_text=_("Empty: the product's price."),
    )

    class Meta:
        model = ProductVariant
        fields = ["kind", "label", "quantity", "price", "sku", "sort_order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].required = False
        if self.instance.pk:
            self.initial.setdefault("loaded_quantity", self.instance.quantity)

    def clean_label(self):
        return " ".join((self.cleaned_data.get("label") or "").split())

    def clean(self):
        cleaned = super().clean()
        if self.has_changed() and not cleaned.get("label") and not cleaned.get("DELETE"):
            self.add_error("label", _("Give the size or colour a name, e.g. M or Hijau botol."))
        return cleaned

    def validate_unique(self):
        pass  # the formset checks labels across its rows (the product is not a form field)


class BaseVariantFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data.get("label") or data.get("DELETE"):
                continue
            key = (data.get("kind"), data["label"].casefold())
            if key in seen:
                form.add_error("label", _("This product already has this size or colour."))
            seen.add(key)


VariantFormSet = forms.modelformset_factory(
    ProductVariant,
    form=VariantForm,
    formset=BaseVariantFormSet,
    extra=3,
    can_delete=True,
    max_num=60,
    validate_max=True,
)


ENGLISH_DESCRIPTION_MAX = 5000


def _one_line(value):
    return " ".join((value or "").split())


class EnglishVersionForm(AccessibleErrorsMixin, forms.Form):
    """A product's English name, summary and description, written by its seller. All may be
    left empty ("leave it"); once any is given, or an English version exists, the name is needed."""

    title = forms.CharField(label=_("English name"), max_length=255, required=False)
    summary = forms.CharField(
        label=_("English summary"),
        max_length=240,
        required=False,
        help_text=_("One sentence for product cards and search results."),
    )
    description = forms.CharField(
        label=_("English description"),
        max_length=ENGLISH_DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text. Leave an empty line between paragraphs."),
    )

    def __init__(self, *args, exists=False, **kwargs):
        self.exists = exists
        super().__init__(*args, **kwargs)

    def clean_title(self):
        return _one_line(self.cleaned_data.get("title"))

    def clean_summary(self):
        return _one_line(self.cleaned_data.get("summary"))

    def clean(self):
        cleaned = super().clean()
        given = any(cleaned.get(name) for name in ("title", "summary", "description"))
        if "title" in self.errors or cleaned.get("title"):
            return cleaned
        if self.exists:
            self.add_error("title", _("The English version needs its English name."))
        elif given:
            self.add_error(
                "title", _("Give the product's English name, or leave all three fields empty.")
            )
        return cleaned

    @property
    def is_empty(self):
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in ("title", "summary", "description"))


class AdminLoginForm(LoginForm):
    """Wagtail's admin login form; Wagtail 8 leaves the password field without a translated label."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
