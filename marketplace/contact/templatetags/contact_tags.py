from django import template

from ..forms import EnquiryForm

register = template.Library()


@register.simple_tag(takes_context=True)
def enquiry_form(context):
    """The bound form when the enquiry view re-renders the page with errors, else an empty one."""
    return context.get("enquiry_form") or EnquiryForm()
