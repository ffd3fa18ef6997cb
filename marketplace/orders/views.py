"""Shopper views: cart, WhatsApp order, checkout, and the order pages reached by token."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from marketplace.contact.clicks import record_click, whatsapp_url
from marketplace.contact.models import ContactClick
from marketplace.products import ProductPage
from marketplace.taxonomy import taxonomy_snapshot
from marketplace.variants import ProductVariant
from pasarlokal.core.origin import same_origin_post
from pasarlokal.core.ratelimit import is_limited, record

from . import checkout as checkout_logic
from .cart import (
    WHATSAPP_NAME_KEY,
    Cart,
    can_add_to_cart,
    cart_snapshot,
    clamp_quantity,
    grand_total,
    item_name,
    whatsapp_message,
)
from .models import Order, OrderDelivery
from .payments import PaymentProviderError, enabled_providers, online_payment_available

MAX_QUANTITY_INPUT = 10_000


def checkout_rate_limit():
    # Orders hold stock for half an hour, so one connection may not hold everything; but many
    # shoppers share an IP on Indonesian mobile networks, so this is looser than other forms.
    return settings.PUBLIC_FORM_RATE_LIMIT * 4


def _quantity(value, default=1):
    try:
        quantity = int(value)
    except (TypeError, ValueError):
        return default
    return max(0, min(quantity, MAX_QUANTITY_INPUT))


def _product_id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _notify(request, notices, level=messages.WARNING):
    for notice in notices:
        messages.add_message(request, level, notice)


WHATSAPP_ORIGINS = ["https://wa.me", "https://api.whatsapp.com"]


def allow_form_redirects(view):
    """Forms on these pages are answered with redirects to other sites; CSP must allow them.

    Browsers apply `form-action` to the redirect after a form post: the cart's WhatsApp forms go
    to wa.me (which forwards to api.whatsapp.com), checkout goes to Stripe's or Midtrans' hosted
    page. Their hosts are allowed site-wide; when STRIPE_API_BASE or MIDTRANS_API_BASE points
    elsewhere (a test server), its origin is allowed here too.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        origins = list(WHATSAPP_ORIGINS)
        for base in (settings.STRIPE_API_BASE, settings.MIDTRANS_API_BASE):
            if base:
                parts = urlsplit(base)
                origins.append(f"{parts.scheme}://{parts.netloc}")
        response._csp_update = {"form-action": origins}
        return response

    return wrapped


# --- Cart ----------------------------------------------------------------------------


@never_cache
@allow_form_redirects
def cart_detail(request):
    cart = Cart(request.session)
    groups, notices = cart.load()
    _notify(request, notices)
    online = [g for g in groups if g.can_pay_online]
    return render(
        request,
        "marketplace/orders/cart.html",
        {
            "groups": groups,
            "online_groups": online,
            "offline_groups": [g for g in groups if not g.can_pay_online],
            "whatsapp_groups": [g for g in groups if g.can_whatsapp],
            "grand_total": grand_total(groups),
            "online_total": grand_total(online),
            "payments_ready": online_payment_available(),
            "delivery_choices": OrderDelivery.Method,
            "whatsapp_name": request.session.get(WHATSAPP_NAME_KEY, ""),
        },
    )


@same_origin_post  # posted from cached product pages, which carry no CSRF token
@require_POST
def cart_add(request):
    product_id = _product_id(request.POST.get("product"))
    product = (
        ProductPage.objects.live()
        .public()
        .select_related("stock", "seller")
        .filter(pk=product_id)
        .first()
        if product_id
        else None
    )
    if product is None or not can_add_to_cart(product):
        messages.error(request, _("Sorry, this product cannot be added to the cart."))
        return redirect("orders:cart")
    variant = None
    if product.has_variants:
        variant, error = _chosen_variant(product, request.POST.get("variant"))
        if error:
            # Back to the product, where the choice is (a page with a message is never cached).
            messages.error(request, error)
            return HttpResponseRedirect(product.get_url(request) + "#beli")
    variant_id = variant.pk if variant else None
    cart = Cart(request.session)
    wanted = cart.quantity_of(product.pk, variant_id) + max(
        _quantity(request.POST.get("quantity")), 1
    )
    quantity, notice = clamp_quantity(product, wanted, variant)
    cart.set(product.pk, quantity, variant_id)
    if notice:
        messages.warning(request, notice)
    messages.success(
        request, _("%(name)s is in your cart.") % {"name": item_name(product, variant)}
    )
    return redirect("orders:cart")


def _chosen_variant(product, value):
    """(variant, None) for one of `product`'s own variants still in stock, else (None, error)."""
    variant_id = _product_id(value)
    if variant_id is None:
        return None, _("Please choose a size or colour first.")
    variant = ProductVariant.objects.filter(pk=variant_id, product=product).first()
    if variant is None:
        return None, _("Sorry, that size or colour is not available. Please choose another.")
    if variant.quantity <= 0 and not product.made_to_order:
        return None, _("Sorry, %(name)s is sold out. Please choose another size or colour.") % {
            "name": item_name(product, variant)
        }
    return variant, None


@require_POST
def cart_update(request):
    product_id = _product_id(request.POST.get("product"))
    variant_id = _product_id(request.POST.get("variant")) or None
    key = (product_id, variant_id)
    cart = Cart(request.session)
    if key not in cart.items:
        return redirect("orders:cart")
    quantity = _quantity(request.POST.get("quantity"), default=cart.items[key])
    if request.POST.get("remove") or quantity == 0:
        cart.remove(product_id, variant_id)
        messages.success(request, _("The item was removed from your cart."))
        return redirect("orders:cart")
    product = ProductPage.objects.select_related("stock").filter(pk=product_id).first()
    variant = (
        ProductVariant.objects.filter(pk=variant_id, product_id=product_id).first()
        if variant_id
        else None
    )
    if product is not None and getattr(product, "stock", None) is not None:
        quantity, notice = clamp_quantity(product, quantity, variant)
        if notice:
            messages.warning(request, notice)
    cart.set(product_id, quantity, variant_id)
    messages.success(request, _("Your cart was updated."))
    return redirect("orders:cart")


@require_POST
def cart_whatsapp(request, seller_id):
    """Send one seller's part of the cart as a prefilled WhatsApp message, counting the click."""
    groups, _notices = Cart(request.session).load()
    group = next((g for g in groups if g.seller.pk == seller_id), None)
    if group is None or not group.can_whatsapp:
        messages.error(request, _("This seller cannot take WhatsApp orders."))
        return redirect("orders:cart")
    name = " ".join((request.POST.get("name") or "").split())[:120]
    # One form carries every seller's choice (`delivery-<seller id>`); `delivery` is the old name.
    method = request.POST.get(f"delivery-{seller_id}") or request.POST.get("delivery")
    if method not in OrderDelivery.Method.values or (
        method == OrderDelivery.Method.PICKUP and not group.offers_pickup
    ):
        method = OrderDelivery.Method.SHIP
    if not name:
        messages.error(request, _("Please tell the seller your name."))
        return redirect(reverse("orders:cart") + "#whatsapp-order")
    # Asked once: the other sellers' WhatsApp orders are prefilled with it.
    request.session[WHATSAPP_NAME_KEY] = name
    # Recorded here for the cart; the product WhatsApp redirect in marketplace/contact records
    # the same model for single products. No name, IP or phone is stored with the click.
    record_click(
        request,
        group.seller,
        ContactClick.Channel.WHATSAPP_CART,
        cart_snapshot=cart_snapshot(group, name, method),
    )
    url = whatsapp_url(group.seller.whatsapp, whatsapp_message(group, name, method))
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


# --- Checkout --------------------------------------------------------------------------


def _delivery_forms(groups, data=None):
    return [
        (group, checkout_logic.DeliveryForm(data, group=group, prefix=f"seller-{group.seller.pk}"))
        for group in groups
    ]


@never_cache
@allow_form_redirects
def checkout(request):
    cart = Cart(request.session)
    groups, notices = cart.load()
    _notify(request, notices)
    if notices and request.method == "POST":
        # The cart changed under the shopper (sold out, fewer left): let them see it first.
        return redirect("orders:cart")
    online = [g for g in groups if g.can_pay_online]
    if not online:
        if groups and not online_payment_available():
            messages.info(request, _("Online payment is not available at the moment."))
        return redirect("orders:cart")
    offline = [g for g in groups if not g.can_pay_online]
    data = request.POST if request.method == "POST" else None
    form = checkout_logic.CustomerForm(
        data, initial={"name": request.session.get(WHATSAPP_NAME_KEY, "")}
    )
    delivery_forms = _delivery_forms(online, data)
    methods = {g.seller.pk: f.chosen_method() for g, f in delivery_forms}
    address_form = checkout_logic.AddressForm(
        data, needed=OrderDelivery.Method.SHIP in methods.values()
    )
    payment_form = checkout_logic.PaymentChoiceForm(data, providers=enabled_providers())
    context = {
        "form": form,
        "address_form": address_form,
        "payment_form": payment_form,
        "delivery_forms": [(g, f, g.shipping_for(methods[g.seller.pk])) for g, f in delivery_forms],
        "online_groups": online,
        "offline_groups": offline,
        "grand_total": grand_total(online, methods),
        "regions": taxonomy_snapshot().regions,
    }
    if request.method != "POST":
        return render(request, "marketplace/orders/checkout.html", context)

    valid = (
        form.is_valid()
        & all(f.is_valid() for _g, f in delivery_forms)
        & address_form.is_valid()
        & payment_form.is_valid()
    )
    if form.is_spam():
        return redirect("orders:cart")
    if valid and is_limited(request, "checkout", limit=checkout_rate_limit()):
        messages.error(request, _("Too many orders from this connection. Please try again later."))
        valid = False
    if not valid:
        context["has_errors"] = True
        return render(request, "marketplace/orders/checkout.html", context, status=400)

    open_orders = open_orders_of(request)
    if open_orders >= settings.MAX_OPEN_ORDERS_PER_SESSION:
        # Each unpaid order holds its stock for the payment window; one browser holds a few.
        messages.error(
            request,
            _(
                "You already have %(count)s orders awaiting payment. Please pay or cancel one "
                "of them before placing another."
            )
            % {"count": open_orders},
        )
        return redirect("orders:cart")

    deliveries = {g.seller.pk: f.cleaned_data for g, f in delivery_forms}
    language = translation.get_language() or ""
    try:
        order = checkout_logic.place_order(
            online, form.cleaned_data, deliveries, language, address=address_form.address()
        )
    except checkout_logic.OutOfStock as error:
        if error.available:
            text = _(
                "Sorry, %(name)s ran out: only %(count)s left. Please change the quantity in your cart."
            ) % {"name": error.product_name, "count": error.available}
        else:
            text = _("Sorry, %(name)s just sold out. Please remove it from your cart.") % {
                "name": error.product_name
            }
        messages.error(request, text)
        return redirect("orders:cart")
    except checkout_logic.OrderTooLarge:
        messages.error(
            request, _("This order is too large to pay online. Please order via WhatsApp.")
        )
        return redirect("orders:cart")
    record(request, "checkout")

    provider = payment_form.chosen()
    order.payment_provider = provider.name
    order.save(update_fields=["payment_provider"])
    success = request.build_absolute_uri(reverse("orders:order_success", args=[order.access_token]))
    cancel = request.build_absolute_uri(reverse("orders:order_cancel", args=[order.access_token]))
    try:
        started = provider.start_payment(
            order, return_url=success, cancel_url=cancel, language=language
        )
    except PaymentProviderError:
        checkout_logic.abandon_order(order, reason="payment could not start")
        messages.error(
            request,
            _(
                "We could not reach the payment service. Nothing was charged and your cart is "
                "unchanged; please try again in a moment."
            ),
        )
        return redirect("orders:cart")
    # The last orders this browser placed: the per-session cap on open orders reads them.
    request.session["orders"] = [*request.session.get("orders", [])[-9:], order.access_token]
    return HttpResponseRedirect(started.redirect_url, status=303)


def open_orders_of(request):
    """Unpaid orders this browser session placed that still hold stock."""
    tokens = request.session.get("orders") or []
    if not tokens:
        return 0
    return Order.objects.filter(
        access_token__in=tokens, status=Order.Status.PENDING, expires_at__gt=timezone.now()
    ).count()


# --- Order pages (by token) -----------------------------------------------------------


def _order_by_token(token):
    order = (
        Order.objects.prefetch_related("lines", "deliveries__seller")
        .filter(access_token=token)
        .first()
    )
    if order is None:
        raise Http404
    return order


def _order_context(order):
    deliveries = list(order.deliveries.all())
    return {"order": order, "deliveries": deliveries}


@never_cache
def order_success(request, token):
    order = _order_by_token(token)
    # The order's items leave the cart once, when the shopper comes back from paying.
    done = request.session.get("cleared_orders", [])
    if order.access_token not in done:
        Cart(request.session).remove_many(
            {
                (line.product_id, line.variant_id): line.quantity
                for line in order.lines.all()
                if line.product_id
            }
        )
        request.session["cleared_orders"] = [*done[-9:], order.access_token]
    context = _order_context(order)
    # Midtrans sends the shopper back here also after only choosing a virtual account (pending):
    # then there is nothing to confirm yet. The parameter changes the wording only.
    context["just_paid"] = request.GET.get("transaction_status") != "pending"
    return render(request, "marketplace/orders/order_detail.html", context)


@never_cache
def order_cancel(request, token):
    order = _order_by_token(token)
    return render(request, "marketplace/orders/order_cancel.html", {"order": order})


@never_cache
def order_detail(request, token):
    order = _order_by_token(token)
    return render(request, "marketplace/orders/order_detail.html", _order_context(order))
