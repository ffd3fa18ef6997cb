from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from marketplace.sellerportal.guard import is_seller_account

from . import admin_urls
from .panels import ImpactSummaryPanel, SellerNumbersPanel
from .permissions import can_view_impact
from .views import REPORT_VIEWS


@hooks.register("register_admin_urls")
def register_impact_urls():
    return [path("impact/", include(admin_urls, namespace="impact"))]


@hooks.register("register_permissions")
def register_impact_permission():
    return Permission.objects.filter(
        content_type__app_label="impact", codename="view_impact_dashboard"
    )


class ImpactMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_impact(request.user)


@hooks.register("register_admin_menu_item")
def register_impact_menu():
    items = [
        ImpactMenuItem(
            view.menu_label or view.page_title,
            reverse(f"impact:{view.url_name}"),
            name=f"impact-{view.url_name.replace('_', '-')}",
            icon_name=view.header_icon,
            order=index,
        )
        for index, view in enumerate(REPORT_VIEWS)
    ]
    return SubmenuMenuItem(
        _("Campaign impact"), Menu(items=items), name="impact", icon_name="pick", order=250
    )


@hooks.register("construct_homepage_panels")
def add_impact_panels(request, panels):
    if can_view_impact(request.user):
        panels.append(ImpactSummaryPanel())
    elif is_seller_account(request.user):
        panels.append(SellerNumbersPanel())
