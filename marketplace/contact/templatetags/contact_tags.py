from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..forms import EnquiryForm

register = template.Library()


@register.simple_tag(takes_context=True)
def enquiry_form(context):
    """The bound form when the enquiry view re-renders the page with errors, else an empty one."""
    return context.get("enquiry_form") or EnquiryForm()


ENQUIRY_FIELDS_TEMPLATE = "marketplace/contact/enquiry_fields.html"
_empty_enquiry_fields = {}  # language -> the empty form's fields, rendered once per process


@register.simple_tag
def enquiry_fields(form):
    """The enquiry form's fields. Empty, they are the same on every product page of a language
    (no token, no product in them), so each app process renders them once per language: Django's
    widget templates made them a tenth of an uncached product page. A bound form (errors to
    show) is rendered every time; so is everything while templates reload (DEBUG)."""
    if form.is_bound or settings.DEBUG:
        return render_to_string(ENQUIRY_FIELDS_TEMPLATE, {"form": form})
    language = translation.get_language()
    html = _empty_enquiry_fields.get(language)
    if html is None:
        html = _empty_enquiry_fields[language] = render_to_string(
            ENQUIRY_FIELDS_TEMPLATE, {"form": form}
        )
    return mark_safe(html)


@register.simple_tag(takes_context=True)
def contact_stylesheet(context):
    """The contact stylesheet's <link>, once per page however many buttons include it.

    The includes sit inside page templates other issues own, so they cannot use the head block.
    """
    request = context.get("request")
    if request is not None:
        if getattr(request, "_contact_stylesheet_done", False):
            return ""
        request._contact_stylesheet_done = True
    return format_html('<link rel="stylesheet" href="{}">', static("css/contact.css"))
