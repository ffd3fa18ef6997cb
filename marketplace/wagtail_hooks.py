from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .taxonomy import Category, CertificationType, Region, Sector


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "folder-open-inverse"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-inverse"
    list_display = ["name", "sector", "slug", "sort_order"]
    list_filter = ["sector"]
    search_fields = ["name"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


class CertificationTypeViewSet(SnippetViewSet):
    model = CertificationType
    icon = "success"
    list_display = ["name", "short_label", "issuing_body"]
    search_fields = ["name", "short_label"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "list-ul"
    menu_order = 300
    items = (SectorViewSet, CategoryViewSet, RegionViewSet, CertificationTypeViewSet)


register_snippet(TaxonomyGroup)
