from django import forms
from django.utils.translation import gettext_lazy as _


class HoneypotMixin(forms.Form):
    """A field people never see or fill; bots that fill it are dropped without a trace.

    Views check `form.is_spam()` after `is_valid()` and pretend success without storing.
    """

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self):
        return bool(self.data.get(self.add_prefix("website"), "").strip())


class AccessibleErrorsMixin:
    """Ties each input to its help text and, after validation, to its errors, for screen readers.

    The template gives the help `id="<auto_id><help_id_suffix>"` and the error list
    `id="<auto_id><errors_id_suffix>"`; inputs with errors get `aria-invalid="true"`.
    """

    help_id_suffix = "-help"
    errors_id_suffix = "-errors"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = self[name].auto_id + self.help_id_suffix

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                ids = [
                    attrs.get("aria-describedby", ""),
                    self[name].auto_id + self.errors_id_suffix,
                ]
                attrs["aria-describedby"] = " ".join(i for i in ids if i)
                attrs["aria-invalid"] = "true"
