from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pasarlokal.core.forms import HoneypotMixin
from pasarlokal.core.phone import normalise_phone

from .models import Enquiry


class EnquiryForm(HoneypotMixin, forms.Form):
    """A shopper's question about a product. Length limits match the Enquiry model."""

    # Prefixed so its ids never clash with the add-to-cart form on the same page.
    prefix = "enquiry"

    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone or WhatsApp"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
        help_text=_("e.g. 0812-3456-7890"),
    )
    quantity = forms.IntegerField(
        label=_("Quantity"),
        required=False,
        min_value=1,
        max_value=1_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
        help_text=_("Up to 2,000 characters."),
    )

    def clean_name(self):
        # A name ends up in an e-mail header-like line; keep it on one line.
        return " ".join(self.cleaned_data["name"].split())

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "").strip()
        return normalise_phone(value) if value else ""

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise ValidationError(_("Please write a message."), code="required")
        return message

    def clean(self):
        cleaned = super().clean()
        typed_contact = self.has_error("email") or self.has_error("phone")
        if not (cleaned.get("email") or cleaned.get("phone") or typed_contact):
            raise ValidationError(
                _("Give an e-mail address or a phone number, so the seller can answer you."),
                code="no_contact",
            )
        return cleaned

    def save(self, *, product, seller, language):
        data = self.cleaned_data
        return Enquiry.objects.create(
            product=product,
            seller=seller,
            name=data["name"],
            email=data.get("email") or "",
            phone=data.get("phone") or "",
            message=data["message"],
            quantity=data.get("quantity"),
            language=language,
        )
