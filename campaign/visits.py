"""Field visits (roadshows) of the office to IKM centres and sellers.

A visit records who went, whom they met, what they found, photos, and follow-up actions with an
owner and a due date. The editor chooses whether the visit shows on the centre's page (one short
public line, "kunjungan terakhir"). A follow-up about a seller's licence becomes a facilitation
request in one step (campaign → marketplace, the allowed direction).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from marketplace.programme.models import Licence
from marketplace.programme.workflow import create_request
from marketplace.taxonomy import IN_DEFAULT_LOCALE


class FieldVisit(ClusterableModel):
    centre = models.ForeignKey(
        "campaign.CentrePage",
        verbose_name=_("IKM centre"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    visited_on = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    officers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("officers"), blank=True, related_name="+"
    )
    sellers_met = ParentalManyToManyField(
        "marketplace.SellerPage", verbose_name=_("sellers met"), blank=True, related_name="+"
    )
    findings = models.TextField(_("findings"), blank=True)
    is_public = models.BooleanField(
        _("show on the centre's page"),
        default=False,
        help_text=_("Only the short public line below is shown, never the findings."),
    )
    public_summary = models.CharField(
        _("public line"),
        max_length=240,
        blank=True,
        help_text=_("e.g. “Pendampingan sertifikasi halal untuk 12 pengrajin.”"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldRowPanel([FieldPanel("centre"), FieldPanel("visited_on")]),
        FieldPanel("officers", widget=forms.CheckboxSelectMultiple),
        FieldPanel("sellers_met", widget=forms.CheckboxSelectMultiple),
        FieldPanel("findings"),
        MultiFieldPanel(
            [FieldPanel("is_public"), FieldPanel("public_summary")],
            heading=_("On the centre's page"),
        ),
        InlinePanel("photos", label=_("Photos"), max_num=12),
        InlinePanel("follow_ups", label=_("Follow-up actions")),
    ]

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")

    def __str__(self):
        where = self.centre.title if self.centre_id else _gettext("sellers")
        return f"{self.visited_on:%d-%m-%Y} – {where}"


class FieldVisitPhoto(Orderable):
    visit = ParentalKey(FieldVisit, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class FollowUpAction(Orderable):
    visit = ParentalKey(FieldVisit, on_delete=models.CASCADE, related_name="follow_ups")
    action = models.CharField(_("action"), max_length=240)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    seller = models.ForeignKey(
        "marketplace.SellerPage",
        verbose_name=_("seller"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, blank=True)
    certification_type = models.ForeignKey(
        "marketplace.CertificationType",
        limit_choices_to=IN_DEFAULT_LOCALE,
        verbose_name=_("certificate type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    facilitation_request = models.ForeignKey(
        "programme.FacilitationRequest",
        verbose_name=_("facilitation request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("action"),
        FieldRowPanel([FieldPanel("owner"), FieldPanel("due_date"), FieldPanel("done")]),
        FieldRowPanel(
            [FieldPanel("seller"), FieldPanel("licence"), FieldPanel("certification_type")]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("follow-up action")

    def __str__(self):
        return self.action

    @property
    def can_become_request(self):
        return bool(self.seller_id and self.licence and not self.facilitation_request_id)


def latest_public_visit(centre):
    return (
        FieldVisit.objects.filter(centre=centre, is_public=True)
        .exclude(public_summary="")
        .order_by("-visited_on", "-pk")
        .first()
    )


@transaction.atomic
def follow_up_to_request(follow_up, user):
    """Turn a follow-up into a facilitation request for its seller, once."""
    follow_up = FollowUpAction.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.facilitation_request_id:
        return follow_up.facilitation_request, False
    request = create_request(
        follow_up.seller,
        user,
        licence=follow_up.licence,
        certification_type=follow_up.certification_type,
        description=_gettext("From the field visit of %(date)s: %(action)s")
        % {"date": follow_up.visit.visited_on.strftime("%d-%m-%Y"), "action": follow_up.action},
        assignee=follow_up.owner,
        due_date=follow_up.due_date,
    )
    follow_up.facilitation_request = request
    follow_up.save(update_fields=["facilitation_request"])
    return request, True


@require_POST
def follow_up_request_view(request, pk):
    if not (
        request.user.has_perm("campaign.change_fieldvisit")
        and request.user.has_perm("programme.add_facilitationrequest")
    ):
        raise PermissionDenied
    follow_up = get_object_or_404(FollowUpAction.objects.select_related("visit"), pk=pk)
    if not (follow_up.seller_id and follow_up.licence):
        messages.error(
            request, _gettext("Choose the seller and the licence of this follow-up first.")
        )
        return redirect("field_visits:inspect", follow_up.visit_id)
    facilitation, created = follow_up_to_request(follow_up, request.user)
    if created:
        messages.success(
            request,
            _gettext("Facilitation request #%(id)s created from the follow-up.")
            % {"id": facilitation.pk},
        )
    return redirect("facilitation:inspect", facilitation.pk)
