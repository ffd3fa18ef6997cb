"""Admin screens of the seller portal: application review and the stock & price screen."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from marketplace.products import ProductPage, StockRecord, stock_changed_message
from marketplace.scoping import scope_to_seller, sellers_for_user
from marketplace.translations import in_default_locale
from marketplace.variants import ProductVariant, VariantConflict, save_variants

from . import english
from .forms import EnglishVersionForm, RejectApplicationForm, StockFormSet, VariantFormSet
from .models import ApplicationDocument, SellerApplication
from .onboarding import OnboardingError, approve_application, reject_application

STOCK_PAGE_SIZE = 50


def can_review(user):
    return user.is_active and (
        user.is_superuser or user.has_perm("sellerportal.review_sellerapplication")
    )


def can_use_portal(user):
    return user.is_active and (user.is_superuser or user.has_perm("sellerportal.use_seller_portal"))


class ApplicationInspectView(InspectView):
    template_name = "marketplace/sellerportal/admin/application_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["documents"] = self.object.documents.all()
        context["can_review"] = can_review(self.request.user) and self.object.is_pending
        context["reject_form"] = RejectApplicationForm()
        context["approve_url"] = reverse("seller_applications:approve", args=[self.object.pk])
        context["reject_url"] = reverse("seller_applications:reject", args=[self.object.pk])
        return context


def _review_target(request, pk):
    if request.method != "POST":
        raise Http404
    if not can_review(request.user):
        raise PermissionDenied
    return get_object_or_404(SellerApplication, pk=pk)


def approve_view(request, pk):
    application = _review_target(request, pk)
    try:
        seller = approve_application(application, request.user)
    except OnboardingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Approved. The account for %(email)s and the draft storefront “%(seller)s” are ready; a set-password link was e-mailed."
            )
            % {"email": application.email, "seller": seller.title},
        )
    return redirect("seller_applications:inspect", pk)


def reject_view(request, pk):
    application = _review_target(request, pk)
    form = RejectApplicationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give the applicant a reason for the rejection."))
        return redirect("seller_applications:inspect", pk)
    try:
        reject_application(application, request.user, form.cleaned_data["reason"])
    except OnboardingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Rejected. The applicant was e-mailed the reason."))
    return redirect("seller_applications:inspect", pk)


def document_view(request, pk):
    """Serve an application's document to reviewers only, never inline (no script can run)."""
    if not can_review(request.user):
        raise PermissionDenied
    document = get_object_or_404(ApplicationDocument, pk=pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


class StockView(WagtailAdminTemplateMixin, TemplateView):
    """ "Stok & harga": stock, price and the online switch of the user's products, saved straight
    to StockRecord. No page is saved, so no revision is created and none in moderation is touched."""

    template_name = "marketplace/sellerportal/admin/stock.html"
    page_title = gettext_lazy("Stock & price")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not can_use_portal(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def products(self):
        # One row per product: its English page shares the Indonesian page's stock.
        queryset = in_default_locale(scope_to_seller(ProductPage.objects.all(), self.request.user))
        seller_id = self.request.GET.get("seller", "")
        if seller_id.isdigit():
            queryset = queryset.filter(seller_id=int(seller_id))
        query = self.request.GET.get("q", "").strip()
        if query:
            queryset = queryset.filter(title__icontains=query)
        return queryset.select_related("stock", "seller").order_by("seller__title", "title")

    def page_of_products(self):
        paginator = Paginator(self.products(), STOCK_PAGE_SIZE)
        return paginator.get_page(self.request.GET.get("p"))

    def initial(self, products):
        rows = []
        for product in products:
            stock = getattr(product, "stock", None)
            rows.append(
                {
                    "product_id": product.pk,
                    "quantity": stock.quantity if stock else 0,
                    "loaded_quantity": stock.quantity if stock else 0,
                    "price": stock.price if stock else None,
                    "sells_online": stock.sells_online if stock else True,
                }
            )
        return rows

    def get_context_data(self, formset=None, page=None, **kwargs):
        context = super().get_context_data(**kwargs)
        page = page or self.page_of_products()
        products = list(page.object_list)
        if formset is None:
            formset = StockFormSet(initial=self.initial(products))
        context.update(
            page_obj=page,
            formset=formset,
            rows=list(zip(products, formset.forms, strict=False)),
            sellers=list(sellers_for_user(self.request.user).order_by("title").only("id", "title"))
            if self.request.user.is_superuser
            or self.request.user.has_perm("marketplace.manage_all_sellers")
            else [],
            query=self.request.GET.get("q", ""),
            selected_seller=self.request.GET.get("seller", ""),
        )
        return context

    def post(self, request, *args, **kwargs):
        page = self.page_of_products()
        products = {p.pk: p for p in page.object_list}
        formset = StockFormSet(request.POST, initial=self.initial(products.values()))
        if not formset.is_valid():
            messages.error(request, _("Nothing was saved. Please correct the marked rows."))
            context = self.get_context_data(formset=formset, page=page)
            context["rows"] = [
                (products.get(form.cleaned_data.get("product_id") or _initial_id(form)), form)
                for form in formset.forms
            ]
            context["rows"] = [(p, f) for p, f in context["rows"] if p is not None]
            return self.render_to_response(context, status=400)
        allowed = set(
            in_default_locale(scope_to_seller(ProductPage.objects.all(), request.user))
            .filter(pk__in=[f.cleaned_data["product_id"] for f in formset.forms])
            .values_list("pk", flat=True)
        )
        if any(f.cleaned_data["product_id"] not in allowed for f in formset.forms):
            raise Http404  # another seller's product, or gone: never touch it
        changed, conflicts = 0, {}
        with transaction.atomic():
            for index, form in enumerate(formset.forms):
                saved = save_stock_row(form.cleaned_data)
                if saved is None:
                    continue
                if saved is not True:
                    conflicts[index] = saved
                changed += 1
            if conflicts:
                transaction.set_rollback(True)
        if conflicts:
            return self.refuse_conflicts(request, page, products, conflicts)
        if changed:
            messages.success(
                request,
                _("Saved: %(count)d product(s) updated. Shoppers see the new figures right away.")
                % {"count": changed},
            )
        else:
            messages.info(request, _("Nothing changed."))
        return redirect(request.get_full_path())

    def refuse_conflicts(self, request, page, products, conflicts):
        """Nothing saved; the rows whose stock moved say so and now carry the new figure."""
        data = request.POST.copy()
        for index, now in conflicts.items():
            data[f"form-{index}-loaded_quantity"] = str(now)
        formset = StockFormSet(data, initial=self.initial(products.values()))
        formset.is_valid()
        for index, now in conflicts.items():
            formset.forms[index].add_error("quantity", stock_changed_message(now))
        messages.error(request, _("Nothing was saved. Please correct the marked rows."))
        context = self.get_context_data(formset=formset, page=page)
        return self.render_to_response(context, status=400)


def save_stock_row(data):
    """Save one row: None if nothing changed, True if saved, else the stock figure that moved.

    The stock is written only when the seller changed it, and then only if it still is what
    the row was loaded with; a reservation taken meanwhile is never overwritten.
    """
    record = StockRecord.objects.filter(product_id=data["product_id"]).first()
    if record is None:
        StockRecord.objects.create(
            product_id=data["product_id"],
            quantity=data["quantity"],
            price=data["price"],
            sells_online=data["sells_online"],
        )
        return True
    loaded = data.get("loaded_quantity")
    if loaded is None:
        loaded = record.quantity  # an old page without the hidden figure: compare with now
    values = {"price": data["price"], "sells_online": data["sells_online"]}
    # With sizes or colours the stock is their sum, changed on the variants' own screen.
    quantity_changed = data["quantity"] != loaded and not record.variant_count
    if not quantity_changed and all(getattr(record, k) == v for k, v in values.items()):
        return None
    records = StockRecord.objects.filter(pk=record.pk)
    if quantity_changed:
        records = records.filter(quantity=loaded)
        values["quantity"] = data["quantity"]
    if records.update(**values, updated_at=timezone.now()) == 1:
        return True
    return StockRecord.objects.values_list("quantity", flat=True).get(pk=record.pk)


def _initial_id(form):
    try:
        return int(form.data.get(form.add_prefix("product_id")))
    except (TypeError, ValueError):
        return None


class ProductScreen(WagtailAdminTemplateMixin, TemplateView):
    """A seller's screen for one of their own products (`self.product`); another seller's
    product, or an English page's id, is simply not there (404)."""

    product_queryset = None  # what the screen loads with the product, e.g. its stock

    def dispatch(self, request, *args, **kwargs):
        if not can_use_portal(request.user):
            raise PermissionDenied
        self.product = own_product(request.user, kwargs["product_id"], self.product_queryset)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.product.title


class VariantsView(ProductScreen):
    """ "Sizes & colours" of one product, reached from "Stok & harga": each with its own stock
    and optional price, saved straight to ProductVariant (no page revision, no review)."""

    template_name = "marketplace/sellerportal/admin/variants.html"
    page_title = gettext_lazy("Sizes & colours")
    header_icon = "tasks"
    product_queryset = ProductPage.objects.select_related("stock")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("sellerportal_stock"), "label": _("Stock & price")},
            {"url": "", "label": self.product.title},
        ]

    def variants(self):
        return ProductVariant.objects.filter(product=self.product)

    def get_context_data(self, formset=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            product=self.product,
            formset=formset or VariantFormSet(queryset=self.variants()),
            stock_url=reverse("sellerportal_stock"),
        )
        return context

    def post(self, request, *args, **kwargs):
        formset = VariantFormSet(request.POST, queryset=self.variants())
        if not formset.is_valid():
            messages.error(request, _("Nothing was saved. Please correct the marked rows."))
            return self.render_to_response(self.get_context_data(formset=formset), status=400)
        changes, added, deleted = [], [], []
        for form in formset.forms:
            data = form.cleaned_data
            if not data or (not form.instance.pk and not data.get("label")):
                continue
            if form.instance.pk and data.get("DELETE"):
                deleted.append(form.instance)
                continue
            if data.get("DELETE"):
                continue
            values = {key: data[key] for key in ("kind", "label", "quantity", "price", "sku")}
            values["sort_order"] = data.get("sort_order") or 0
            if form.instance.pk:
                if form.has_changed():
                    loaded = data.get("loaded_quantity")
                    changes.append((form.instance, values, loaded))
            else:
                added.append(values)
        if not (changes or added or deleted):
            messages.info(request, _("Nothing changed."))
            return redirect(request.get_full_path())
        try:
            save_variants(self.product, changes, added, deleted)
        except VariantConflict as conflict:
            data = request.POST.copy()
            formset = VariantFormSet(data, queryset=self.variants())
            for form in formset.forms:
                if form.instance.pk == conflict.variant.pk:
                    data[form.add_prefix("loaded_quantity")] = str(conflict.now)
            formset = VariantFormSet(data, queryset=self.variants())
            formset.is_valid()
            for form in formset.forms:
                if form.instance.pk == conflict.variant.pk:
                    form.add_error("quantity", stock_changed_message(conflict.now))
            messages.error(request, _("Nothing was saved. Please correct the marked rows."))
            return self.render_to_response(self.get_context_data(formset=formset), status=400)
        messages.success(
            request,
            _("Saved the sizes and colours of %(name)s. Shoppers see them right away.")
            % {"name": self.product.title},
        )
        return redirect(request.get_full_path())


# The largest id a database column holds: a bigger one in a URL is no product (not a 500).
MAX_ID = 2**63 - 1


def own_product(user, product_id, queryset=None):
    """The user's own product (any for editors), in the default language; else 404."""
    if not 0 < product_id <= MAX_ID:
        raise Http404
    queryset = ProductPage.objects.all() if queryset is None else queryset
    return get_object_or_404(in_default_locale(scope_to_seller(queryset, user)), pk=product_id)


class EnglishVersionView(ProductScreen):
    """ "English version" of one product: its seller writes the English name, summary and
    description; saving makes (or updates) the product's English translation as a draft and
    sends it to Product review, like the seller's Indonesian edits."""

    template_name = "marketplace/sellerportal/admin/english.html"
    page_title = gettext_lazy("English version")
    header_icon = "globe"

    @cached_property
    def state(self):
        return english.english_state(self.product)

    def get_breadcrumbs_items(self):
        # On a phone only the last item shows: the screen's name (the text names the product).
        return self.breadcrumbs_items + [
            {"url": reverse("sellerportal_stock"), "label": _("Stock & price")},
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.product.pk]),
                "label": self.product.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form(self, data=None):
        exists = self.state.page is not None
        initial = english.current_text(self.state.page)
        return EnglishVersionForm(data, initial=initial, exists=exists)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        english_url = ""
        if self.state.live:
            english_url = self.state.page.get_url(self.request)
        context.update(
            product=self.product,
            form=form or self.get_form(),
            state=self.state,
            english_url=english_url,
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.product.pk]),
            stock_url=reverse("sellerportal_stock"),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if not form.is_valid():
            messages.error(request, _("Nothing was saved. Please correct the marked fields."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if not self.product.live and not form.is_empty:
            # The English page is a copy of the live Indonesian product: none exists yet, and
            # an English page must not go online before the product itself is approved.
            messages.error(
                request,
                _(
                    "Nothing was saved: the product is not online yet. Add its English version "
                    "once the Indonesian version is approved."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if form.is_empty:
            messages.info(request, _("Nothing saved: the product stays in Indonesian only."))
            return redirect(request.get_full_path())
        if not form.has_changed() and self.state.status == english.IN_REVIEW:
            messages.info(request, _("Nothing changed. The English version is still in review."))
            return redirect(request.get_full_path())
        english.save_english_version(self.product, form.cleaned_data, request.user)
        messages.success(
            request,
            _(
                "English version sent for review. Shoppers see it at /en/ once an editor "
                "approves it."
            ),
        )
        return redirect(request.get_full_path())
