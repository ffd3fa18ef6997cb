from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .certificates import CertificateViewSet
from .taxonomy import Category, CertificationType, Region, Sector


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "folder-open-inverse"
    list_display = ["name", "icon", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-inverse"
    list_display = ["name", "sector", "slug", "sort_order"]
    list_filter = ["sector"]
    search_fields = ["name"]
    ordering = ["sector__sort_order", "sort_order", "name"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["code", "name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    ordering = ["code"]


class CertificationTypeViewSet(SnippetViewSet):
    model = CertificationType
    icon = "success"
    list_display = ["name", "short_label", "issuing_body", "number_example"]
    search_fields = ["name", "short_label"]
    search_backend_name = None  # not in the search index; the ORM search is plenty
    ordering = ["sort_order", "name"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "list-ul"
    menu_order = 300
    items = (SectorViewSet, CategoryViewSet, RegionViewSet, CertificationTypeViewSet)


register_snippet(TaxonomyGroup)


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet("certificates")
