"""Order look-up: a shopper who lost the order link finds it again with reference + contact.

The answer never tells an unknown reference from a wrong e-mail or phone: both give the same
page with the same message, and every checked attempt counts against a per-address limit so
references and contacts cannot be guessed in bulk.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from pasarlokal.core import ratelimit
from pasarlokal.core.origin import same_origin_post
from pasarlokal.core.pagecache import PRIVATE_CACHE_CONTROL
from pasarlokal.core.phone import normalise_phone

from .models import Order

RATE_SCOPE = "order-lookup"
RATE_LIMIT = 10
RATE_PERIOD = 15 * 60
REFERENCE_PREFIX = "PL-"


class OrderLookupForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Order reference"),
        max_length=40,
        help_text=gettext_lazy("In your order e-mail, e.g. PL-7K3M9QX2AB."),
        error_messages={"required": gettext_lazy("Enter the order reference.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    contact = forms.CharField(
        label=gettext_lazy("E-mail or phone number"),
        max_length=254,
        help_text=gettext_lazy("The one you gave at checkout."),
        error_messages={"required": gettext_lazy("Enter your e-mail address or phone number.")},
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
    )

    def clean_reference(self):
        reference = "".join(self.cleaned_data["reference"].split()).upper()
        if not reference.startswith(REFERENCE_PREFIX):
            reference = REFERENCE_PREFIX + reference.removeprefix("PL")
        return reference


def _phone_or_none(value):
    try:
        return normalise_phone(value)
    except ValidationError:
        return None


def contact_matches(order, contact):
    """The e-mail (any case) or the phone (08…, +62…, 62… alike) given at checkout."""
    contact = contact.strip()
    if "@" in contact:
        return contact.casefold() == order.customer_email.strip().casefold()
    phone = _phone_or_none(contact)
    return bool(phone and order.customer_phone and phone == _phone_or_none(order.customer_phone))


def find_order(reference, contact):
    """The order when reference and contact belong together, else None (no telling which)."""
    order = Order.objects.filter(reference=reference).first()
    if order is not None and contact_matches(order, contact):
        return order
    return None


def _render(request, form, status=200, limited=False):
    response = TemplateResponse(
        request,
        "marketplace/orders/lookup.html",
        {"form": form, "limited": limited},
        status=status,
    )
    if request.method == "POST":  # what the shopper typed is never stored or shared
        patch_cache_control(response, **PRIVATE_CACHE_CONTROL)
    response["X-Robots-Tag"] = "noindex"
    return response


@same_origin_post  # the empty form is a cacheable public page without a CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
def order_lookup(request):
    if request.method != "POST":
        return _render(request, OrderLookupForm())
    form = OrderLookupForm(request.POST)
    if ratelimit.is_limited(request, RATE_SCOPE, limit=RATE_LIMIT):
        form.is_valid()  # keep what was typed
        return _render(request, form, status=429, limited=True)
    if not form.is_valid():  # empty fields: nothing was checked, nothing counted
        return _render(request, form)
    ratelimit.record(request, RATE_SCOPE, period=RATE_PERIOD)
    order = find_order(form.cleaned_data["reference"], form.cleaned_data["contact"])
    if order is None:
        form.add_error(
            None,
            _(
                "We could not find an order with that reference and e-mail or phone number. "
                "Check both against your order e-mail and try again."
            ),
        )
        return _render(request, form)
    return redirect("orders:order_detail", token=order.access_token)
