from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from ..forms import EnquiryForm

register = template.Library()


@register.simple_tag(takes_context=True)
def enquiry_form(context):
    """The bound form when the enquiry view re-renders the page with errors, else an empty one."""
    return context.get("enquiry_form") or EnquiryForm()


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
