from django.contrib.auth.models import Permission

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import ContactClickReportViewSet, EnquiryViewSet, enquiry_permission_policy
from .models import Enquiry

register_permission_policy(Enquiry, enquiry_permission_policy)


@hooks.register("register_admin_viewset")
def register_enquiry_viewset():
    return EnquiryViewSet()


@hooks.register("register_admin_viewset")
def register_contact_click_report():
    return ContactClickReportViewSet()


@hooks.register("register_permissions")
def contact_click_permissions():
    # Lets editors give seller groups the click report in Settings → Groups.
    return Permission.objects.filter(
        content_type__app_label="contact", codename="view_contactclick"
    )
