"""The seller's admin home: certificates expiring within 60 days, each with one tap to ask the
office for renewal help, and the seller's open requests."""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from wagtail.admin.ui.components import Component

from marketplace.products import Certificate
from marketplace.scoping import scope_to_seller

from .models import FINAL_STAGES, FacilitationRequest

EXPIRY_WINDOW_DAYS = 60


def expiring_for(user, today=None):
    today = today or timezone.localdate()
    certificates = (
        scope_to_seller(Certificate.objects.all(), user, "product__seller")
        .filter(
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=EXPIRY_WINDOW_DAYS),
        )
        .select_related("product", "certification_type")
        .order_by("valid_until", "pk")
    )
    open_renewals = set(
        FacilitationRequest.objects.filter(renews__in=certificates)
        .exclude(stage__in=FINAL_STAGES)
        .values_list("renews_id", flat=True)
    )
    rows = []
    for certificate in certificates[:20]:
        certificate.days_left = (certificate.valid_until - today).days
        certificate.renewal_requested = certificate.pk in open_renewals
        rows.append(certificate)
    return rows


class ExpiringCertificatesPanel(Component):
    name = "expiring_certificates"
    order = 8
    template_name = "marketplace/programme/admin/expiring_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["certificates"] = expiring_for(self.user)
        context["open_requests"] = list(
            scope_to_seller(FacilitationRequest.objects.all(), self.user)
            .exclude(stage__in=FINAL_STAGES)
            .select_related("certification_type")[:5]
        )
        return context

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context or {})
        if not context["certificates"] and not context["open_requests"]:
            return ""
        return render_to_string(self.template_name, context)
