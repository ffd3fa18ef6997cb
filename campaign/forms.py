from django import forms
from django.utils.translation import gettext_lazy as _

from home.forms import HoneypotMixin

from .pledges import Pledge

DUPLICATE_EMAIL_MESSAGE = _(
    "This e-mail address has already made the pledge — thank you! Each person is counted once."
)


class PledgeForm(HoneypotMixin, forms.Form):
    """The public pledge. Region choices come from the counter's query, so the form costs none."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    region = forms.TypedChoiceField(label=_("Where you live"), coerce=int, empty_value=None)
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        max_length=254,
        help_text=_("Only to make sure each person is counted once. We never show it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    agree = forms.BooleanField(
        label=_("I pledge to choose local products and agree to be counted"),
        error_messages={"required": _("Please tick the box so we can count your pledge.")},
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {region.pk: region for region in regions}
        self.fields["email"].widget.attrs["aria-describedby"] = "id_email-help"
        self.fields["region"].choices = [("", _("Choose your regency or city"))] + [
            (region.pk, region.name) for region in regions
        ]

    def full_clean(self):
        super().full_clean()
        # Tie each error (and the e-mail's help) to its input for screen readers.
        for name, field in self.fields.items():
            described = []
            if field.help_text:
                described.append(f"{self[name].auto_id}-help")
            if name in self.errors:
                field.widget.attrs["aria-invalid"] = "true"
                described.append(f"{self[name].auto_id}-errors")
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please tell us your name."))
        return name

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if not email:
            return None
        if Pledge.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(DUPLICATE_EMAIL_MESSAGE, code="duplicate")
        return email

    def save(self):
        return Pledge.objects.create(
            name=self.cleaned_data["name"],
            region=self.regions[self.cleaned_data["region"]],
            email=self.cleaned_data["email"],
            agreed_to_be_counted=True,
        )
