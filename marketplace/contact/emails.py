"""E-mails about an enquiry: one to the seller, an acknowledgement to the shopper.

Both parts are rendered by Django templates with autoescaping, so what a shopper typed can never
become markup in the HTML part. The plain-text part shows it as typed (text/plain is never
interpreted as HTML), which keeps quotes and ampersands readable for the seller.
"""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from pasarlokal.core.mail import queue_email

logger = logging.getLogger(__name__)


def _send(subject, template, context, to, reply_to=None):
    text = render_to_string(f"marketplace/contact/emails/{template}.txt", context)
    html = render_to_string(f"marketplace/contact/emails/{template}.html", context)
    queue_email(subject, text, to, reply_to=reply_to, html=html)


def seller_recipients(seller):
    return [seller.email] if seller.email else list(settings.EDITOR_NOTICE_EMAILS)


def _context(enquiry, request):
    product, seller = enquiry.product, enquiry.seller
    page = product or seller
    return {
        "enquiry": enquiry,
        "product": product,
        "seller": seller,
        "product_url": page.get_full_url(request),
        "forwarded": not seller.email,
    }


def send_enquiry_emails(enquiry, request):
    """Send both e-mails; a mail server failure is logged, never shown to the shopper as a 500.

    The seller's e-mail is in the site's default language (Indonesian); the shopper's
    acknowledgement follows the language of the page they wrote from.
    """
    seller = enquiry.seller
    name = enquiry.product.title if enquiry.product else seller.title
    try:
        with translation.override(settings.LANGUAGE_CODE):
            _send(
                _("New enquiry about %(product)s") % {"product": name},
                "enquiry_seller",
                _context(enquiry, request),
                to=seller_recipients(seller),
                reply_to=[enquiry.email] if enquiry.email else None,
            )
        if enquiry.email:
            _send(
                _("We have passed your enquiry to %(seller)s") % {"seller": seller.title},
                "enquiry_ack",
                _context(enquiry, request),
                to=[enquiry.email],
                reply_to=[seller.email] if seller.email else None,
            )
    except Exception:
        logger.exception("Could not send the e-mails for enquiry %s", enquiry.pk)
