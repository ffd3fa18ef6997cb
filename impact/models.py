"""The public impact page (/dampak/): an editable intro and a few headline numbers."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .metrics import public_headline


class ImpactPage(Page):
    """Editors place it under the home page. Its numbers are four cached counts, so it stays cheap."""

    intro = RichTextField(_("introduction"), blank=True)
    closing = RichTextField(
        _("text under the numbers"),
        blank=True,
        help_text=_("e.g. how the numbers are counted, or an invitation to pledge."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("closing")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    template = "impact/impact_page.html"

    class Meta:
        verbose_name = _("impact page")
        permissions = [
            ("view_impact_dashboard", _("Can view the campaign impact dashboard and reports")),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["numbers"] = public_headline()
        return context
