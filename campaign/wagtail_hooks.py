"""Campaign admin: authors and pledges (with CSV/XLSX export) under one "Campaign" menu."""

import django_filters

from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from pasarlokal.core.exports import FormulaSafeExportMixin

from .models import Author, Pledge


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    list_display = ["name", "role"]
    search_fields = ["name", "role"]
    inspect_view_enabled = True


class PledgeFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Pledged"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Pledge
        fields = ["region", "created_at"]


class PledgeIndexView(FormulaSafeExportMixin, IndexView):
    pass


class PledgeViewSet(SnippetViewSet):
    model = Pledge
    index_view_class = PledgeIndexView
    icon = "pick"
    menu_label = _("Pledges")
    list_display = [
        "name",
        "region",
        Column("email", label=_("E-mail")),
        DateColumn("created_at", label=_("Pledged")),
    ]
    list_export = ["name", "region", "email", "agreed_to_be_counted", "created_at"]
    export_filename = "pledges"
    filterset_class = PledgeFilterSet
    search_fields = ["name", "email"]
    inspect_view_enabled = True
    list_per_page = 50
    ordering = ["-created_at"]


class CampaignViewSetGroup(SnippetViewSetGroup):
    items = (AuthorViewSet, PledgeViewSet)
    menu_icon = "doc-full"
    menu_label = _("Campaign")
    menu_name = "campaign"


register_snippet(CampaignViewSetGroup)
