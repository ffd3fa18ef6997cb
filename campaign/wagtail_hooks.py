"""Campaign admin: authors and pledges (with CSV/XLSX export) under one "Campaign" menu."""

import django_filters

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from pasarlokal.core.exports import FormulaSafeExportMixin

from . import poster_views
from .events import EventPage
from .models import Author, FieldVisit, Pledge
from .visits import follow_up_request_view


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


# --- QR posters -----------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_poster_urls():
    return [
        path(
            "posters/<int:page_id>/<postersize:size>.pdf",
            poster_views.download_poster,
            name="posters_page",
        ),
        path(
            "posters/bazar/<int:event_id>.pdf",
            poster_views.download_bazaar_pack,
            name="posters_bazaar_pack",
        ),
    ]


def poster_buttons(page, user):
    if not page.live or page.specific_class not in poster_views.POSTER_TYPES:
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        _("A6 table card (PDF)"),
        reverse("posters_page", args=[page.pk, "a6"]),
        icon_name="download",
        priority=80,
    )
    yield Button(
        _("A4 poster (PDF)"),
        reverse("posters_page", args=[page.pk, "a4"]),
        icon_name="download",
        priority=81,
    )
    if page.specific_class is EventPage:
        yield Button(
            _("Bazaar pack (PDF)"),
            reverse("posters_bazaar_pack", args=[page.pk]),
            icon_name="download",
            priority=82,
        )


@hooks.register("register_page_header_buttons")
def page_header_poster_buttons(page, user, view_name, next_url=None):
    yield from poster_buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def page_listing_poster_buttons(page, user, next_url=None):
    yield from poster_buttons(page, user)


class FieldVisitInspectView(generic.InspectView):
    template_name = "campaign/admin/field_visit_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["follow_ups"] = self.object.follow_ups.select_related(
            "owner", "seller", "certification_type", "facilitation_request"
        )
        context["photos"] = self.object.photos.select_related("image")
        return context


class FieldVisitViewSet(ModelViewSet):
    """The office's roadshows; staff only (sellers have no permission on visits)."""

    model = FieldVisit
    name = "field_visits"
    url_prefix = "kunjungan"
    icon = "site"
    menu_label = _("Field visits")
    menu_order = 262
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = FieldVisitInspectView
    copy_view_enabled = False
    list_display = [
        "__str__",
        Column("centre", label=_("IKM centre")),
        Column("is_public", label=_("Public")),
    ]
    list_filter = ["centre", "is_public"]
    search_fields = ["findings", "public_summary"]
    search_backend_name = None
    ordering = ["-visited_on", "-pk"]
    list_export = ["visited_on", "centre", "findings", "public_summary", "is_public"]
    export_filename = "kunjungan-lapangan"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("tindak-lanjut/<int:pk>/", follow_up_request_view, name="follow_up_request"),
        ]


@hooks.register("register_admin_viewset")
def register_field_visits():
    return FieldVisitViewSet()
