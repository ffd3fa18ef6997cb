"""The period / sector / region form every impact report shares (a plain GET form, no JS)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .periods import CUSTOM, GRANULARITY_CHOICES, PERIOD_CHOICES, THIS_MONTH, make_period


class ImpactFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sector = forms.TypedChoiceField(label=_("Sector"), required=False, coerce=int, empty_value=None)
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)
    group_by = forms.ChoiceField(
        label=_("Time series"), choices=GRANULARITY_CHOICES, required=False
    )

    def __init__(self, data=None, *, sectors=(), regions=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["sector"].choices = [("", _("All sectors"))] + [(s.id, s.name) for s in sectors]
        self.fields["region"].choices = [("", _("All regions"))] + [(r.id, r.name) for r in regions]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") == CUSTOM and not (cleaned.get("start") and cleaned.get("end")):
            raise forms.ValidationError(_("Choose both dates for a custom period."))
        return cleaned

    def get_period(self):
        """The chosen period, or this month when the form is empty or invalid (never an error)."""
        if not self.is_valid():
            return make_period(THIS_MONTH)
        data = self.cleaned_data
        return make_period(
            data.get("period") or THIS_MONTH,
            data.get("start"),
            data.get("end"),
            data.get("group_by") or "",
        )

    def get_filters(self):
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("sector"), self.cleaned_data.get("region")
