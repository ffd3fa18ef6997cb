"""Shopper-facing contact views: the counted redirects and the enquiry form."""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.products import ProductPage
from marketplace.sellers import SellerPage
from pasarlokal.core import ratelimit

from . import clicks
from .emails import send_enquiry_emails
from .forms import EnquiryForm
from .models import ContactClick

# URL word → counted channel. The URL pattern only accepts these words.
CHANNELS = {
    "wa": ContactClick.Channel.WHATSAPP,
    "telepon": ContactClick.Channel.PHONE,
    "email": ContactClick.Channel.EMAIL,
}
ENQUIRY_RATE_SCOPE = "enquiry"


class ContactRedirect(HttpResponseRedirect):
    """A 302 that may also lead to the phone dialler or the mail program."""

    allowed_schemes = ["https", "tel", "mailto"]


def live_product_or_404(product_id):
    product = get_object_or_404(
        ProductPage.objects.live().public().select_related("seller", "stock"), pk=product_id
    )
    seller = product.seller
    if seller is None or not seller.live:
        raise Http404
    return product, seller


def contact_target(channel, seller, request, product=None):
    """The link for this channel, built only from stored data; None when the seller lacks it."""
    if channel == ContactClick.Channel.WHATSAPP:
        if not seller.whatsapp:
            return None
        text = (
            clicks.product_message(product, seller, request)
            if product
            else clicks.seller_message(seller, request)
        )
        return clicks.whatsapp_url(seller.whatsapp, text)
    if channel == ContactClick.Channel.PHONE:
        return clicks.phone_url(seller.phone) if seller.phone else None
    if channel == ContactClick.Channel.EMAIL:
        if not seller.email:
            return None
        subject = (
            clicks.product_email_subject(product) if product else clicks.seller_email_subject()
        )
        return clicks.email_url(seller.email, subject)
    return None


def _redirect(request, channel, seller, product=None):
    target = contact_target(channel, seller, request, product)
    if target is None:
        raise Http404
    clicks.record_click(request, seller, channel, product=product)
    response = ContactRedirect(target)
    # Never cached: every tap must reach us to be counted.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "HEAD"])
def product_contact(request, channel, product_id):
    product, seller = live_product_or_404(product_id)
    return _redirect(request, CHANNELS[channel], seller, product)


@require_http_methods(["GET", "HEAD"])
def seller_contact(request, channel, seller_id):
    seller = get_object_or_404(SellerPage.objects.live().public(), pk=seller_id)
    return _redirect(request, CHANNELS[channel], seller)


# --- Enquiries ---------------------------------------------------------------------------


def render_product_with_form(request, product, form, status=200):
    """The product page again, with the shopper's bound form and its errors."""
    context = product.get_context(request)
    context["enquiry_form"] = form
    request.is_preview = False
    return TemplateResponse(request, product.get_template(request), context, status=status)


@never_cache
@require_POST
def enquiry(request, product_id):
    product, seller = live_product_or_404(product_id)
    form = EnquiryForm(request.POST)
    if ratelimit.is_limited(request, ENQUIRY_RATE_SCOPE):
        form.is_valid()  # keep what was typed, with any field errors
        form.add_error(
            None,
            _(
                "You have sent several enquiries in the last hour. Please wait an hour before "
                "sending another, or contact the seller directly."
            ),
        )
        return render_product_with_form(request, product, form, status=429)
    if not form.is_valid():
        return render_product_with_form(request, product, form)
    ratelimit.record(request, ENQUIRY_RATE_SCOPE)
    if not form.is_spam():
        item = form.save(product=product, seller=seller, language=clicks.page_language())
        send_enquiry_emails(item, request)
    # A page of its own: the form's #enquiry fragment would otherwise scroll past a message.
    return redirect("contact:enquiry_sent", product_id=product.pk)


@require_http_methods(["GET", "HEAD"])
def enquiry_sent(request, product_id):
    product, seller = live_product_or_404(product_id)
    response = TemplateResponse(
        request,
        "marketplace/contact/enquiry_sent.html",
        {"product": product, "seller": seller, "product_url": product.get_url(request)},
    )
    response["X-Robots-Tag"] = "noindex"
    return response
