"""The seller portal in the Wagtail admin: application review for editors, and for sellers a
scoped, simplified admin (their storefront, their collection, their numbers, stock & price)."""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

from marketplace.products import ProductPage
from marketplace.scoping import scope_to_seller, sellers_for_user
from marketplace.translations import default_locale_id

from . import admin_views
from .guard import (
    guard_admin_urlpatterns,
    is_seller_account,
    other_sellers_pages_q,
    own_collections,
)
from .models import SellerApplication
from .panels import PendingApplicationsPanel, SellerHomePanel

# Menu items a seller does not need (they would only show empty or irrelevant screens).
SELLER_HIDDEN_MENU_ITEMS = {"reports", "help", "snippets", "settings"}


class SellerApplicationViewSet(ModelViewSet):
    model = SellerApplication
    name = "seller_applications"
    url_prefix = "seller-applications"
    icon = "user"
    menu_label = _("Seller applications")
    menu_order = 250
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = admin_views.ApplicationInspectView
    inspect_view_fields = [
        "status",
        "business_name",
        "owner_name",
        "nib",
        "region",
        "sector",
        "category",
        "whatsapp",
        "email",
        "description",
        "created_at",
        "decided_at",
        "decided_by",
        "seller",
    ]
    list_display = ["business_name", "owner_name", "region", "sector", "status", "created_at"]
    list_filter = ["status", "region", "sector", "created_at"]
    search_fields = ["business_name", "owner_name", "email", "nib"]
    form_fields = [
        "business_name",
        "owner_name",
        "nib",
        "region",
        "sector",
        "category",
        "whatsapp",
        "email",
        "description",
    ]
    ordering = ["-created_at"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("approve/<int:pk>/", admin_views.approve_view, name="approve"),
            path("reject/<int:pk>/", admin_views.reject_view, name="reject"),
            path("document/<int:pk>/", admin_views.document_view, name="document"),
        ]


@hooks.register("register_admin_viewset")
def register_application_viewset():
    return SellerApplicationViewSet()


@hooks.register("register_admin_urls")
def register_stock_urls():
    return [
        path("stok-harga/", admin_views.StockView.as_view(), name="sellerportal_stock"),
        path(
            "stok-harga/<int:product_id>/varian/",
            admin_views.VariantsView.as_view(),
            name="sellerportal_variants",
        ),
        path(
            "stok-harga/<int:product_id>/inggris/",
            admin_views.EnglishVersionView.as_view(),
            name="sellerportal_english",
        ),
    ]


@hooks.register("register_page_header_buttons")
def english_version_button(page, user, view_name, next_url=None):
    """ "English version" in the product editor's header menu, for the product's own seller
    (and editors): the seller's way to an English name, summary and description."""
    if (
        view_name == "edit"
        and page.specific_class is ProductPage
        and page.locale_id == default_locale_id()
        and admin_views.can_use_portal(user)
        and scope_to_seller(ProductPage.objects.filter(pk=page.pk), user).exists()
    ):
        yield Button(
            _("English version"),
            reverse("sellerportal_english", args=[page.pk]),
            icon_name="globe",
            priority=12,
        )


class PortalMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_use_portal(request.user)


@hooks.register("register_admin_menu_item")
def register_stock_menu_item():
    return PortalMenuItem(
        _("Stock & price"),
        reverse("sellerportal_stock"),
        name="stock-price",
        icon_name="tasks",
        order=150,
    )


is_scoped = is_seller_account


@hooks.register("register_admin_urls", order=10_000)
def install_seller_guard():
    # Runs after every other register_admin_urls hook, so every admin view gets the guard.
    guard_admin_urlpatterns()
    return []


@hooks.register("construct_homepage_panels")
def seller_home_panels(request, panels):
    user = request.user
    if admin_views.can_review(user):
        panels.append(PendingApplicationsPanel())
    if is_scoped(user) and sellers_for_user(user).exists():
        panels.insert(0, SellerHomePanel(user))


@hooks.register("construct_homepage_summary_items", order=10_000)
def no_site_summary_for_sellers(request, summary_items):
    # "8 pages, 1 image, 0 documents" counts the admin's objects, not the seller's shop; runs after
    # the hooks that add them.
    if is_scoped(request.user):
        summary_items.clear()


@hooks.register("construct_main_menu")
def simplify_menu_for_sellers(request, menu_items):
    if is_scoped(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in SELLER_HIDDEN_MENU_ITEMS]


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    if is_scoped(request.user):
        pages = pages.exclude(other_sellers_pages_q(request.user))
    return pages


@hooks.register("construct_explorer_page_queryset")
def scope_explorer(parent_page, pages, request):
    if is_scoped(request.user):
        pages = pages.exclude(other_sellers_pages_q(request.user))
    return pages


class OwnCollectionsMixin:
    """The admin API's image/document listings, scoped like the choosers for seller accounts."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if is_scoped(self.request.user):
            queryset = queryset.filter(collection__in=own_collections(self.request.user))
        return queryset


class SellerScopedImagesAPIViewSet(OwnCollectionsMixin, ImagesAdminAPIViewSet):
    pass


class SellerScopedDocumentsAPIViewSet(OwnCollectionsMixin, DocumentsAdminAPIViewSet):
    pass


@hooks.register("construct_admin_api", order=100)
def scope_admin_api(router):
    # Registered after wagtail.images/wagtail.documents (order 0), so these replace theirs.
    router.register_endpoint("images", SellerScopedImagesAPIViewSet)
    router.register_endpoint("documents", SellerScopedDocumentsAPIViewSet)


@hooks.register("construct_image_chooser_queryset")
def scope_image_chooser(images, request):
    if is_scoped(request.user):
        images = images.filter(collection__in=own_collections(request.user))
    return images


@hooks.register("construct_document_chooser_queryset")
def scope_document_chooser(documents, request):
    if is_scoped(request.user):
        documents = documents.filter(collection__in=own_collections(request.user))
    return documents


# Two Wagtail 8.0.1 editor widgets render inputs without an accessible name (axe: "label",
# "aria-input-field-name"): Draftail's contenteditable and the tag field's visible input. Name
# them after their field's label, for screen-reader users of the product and storefront editors.
EDITOR_LABEL_FIX = """
(function () {
  function labelFor(element) {
    // The field's own (hidden) input carries the id its <label for> points at.
    var wrapper = element.closest("[data-field-wrapper]") || element.closest(".w-panel");
    var source = wrapper && wrapper.querySelector("input[id^='id_'], textarea[id^='id_']");
    var label = source && document.querySelector('label[for="' + source.id + '"]');
    return label ? label.textContent.replace(/\\s+/g, " ").replace(/\\*$/, "").trim() : "";
  }
  function fix() {
    document.querySelectorAll(
      ".Draftail-Editor [contenteditable]:not([aria-label]), input.ui-autocomplete-input:not([aria-label])"
    ).forEach(function (element) {
      var text = labelFor(element);
      if (text) { element.setAttribute("aria-label", text); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    fix();
    new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
  });
})();
"""


# Wagtail 8's editor autosaves with a background request and lets Submit/Publish go meanwhile.
# A submit sent while an autosave is under way either repeats the creation (an error: the slug
# is taken) or lacks the ids of rows the autosave just added. Hold the submit until the autosave
# has answered (its new ids and URL are then in the form), then send it as the user asked.
# Without JavaScript there is no autosave, so nothing changes there.
SUBMIT_AFTER_AUTOSAVE = """
(function () {
  function mark(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    if (event.type === "w-autosave:save") { form.dataset.plAutosaving = "1"; }
    else { delete form.dataset.plAutosaving; }
  }
  ["w-autosave:save", "w-autosave:success", "w-autosave:error"].forEach(function (name) {
    document.addEventListener(name, mark, true);
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.plAutosaving) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    var submitter = event.submitter;
    function again() {
      form.removeEventListener("w-autosave:success", again);
      form.removeEventListener("w-autosave:error", again);
      window.setTimeout(function () {
        if (submitter) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
      }, 0);
    }
    form.addEventListener("w-autosave:success", again);
    form.addEventListener("w-autosave:error", again);
  }, true);
})();
"""


@hooks.register("insert_editor_js")
def name_unlabelled_editor_inputs():
    return format_html("<script>{}</script>", mark_safe(EDITOR_LABEL_FIX))


@hooks.register("insert_editor_js")
def submit_after_autosave():
    return format_html("<script>{}</script>", mark_safe(SUBMIT_AFTER_AUTOSAVE))
