"""“Saya Bangga Pakai Produk Lokal”: the public pledge, its form, its live counter and its view.

Pledge is a contract used by the impact dashboard; extend, don't rename.
"""

from django import forms
from django.contrib import messages
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.db.models.signals import post_delete, post_save
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail.models import Page

from marketplace.taxonomy import IN_DEFAULT_LOCALE, TAXONOMY_VERSION_KEY, Region
from pasarlokal.core import ratelimit
from pasarlokal.core.caching import cached, forgetter
from pasarlokal.core.forms import AccessibleErrorsMixin, HoneypotMixin
from pasarlokal.core.origin import same_origin_post

PLEDGES_VERSION_KEY = "pasarlokal:pledges-version"
PLEDGE_SCOPE = "pledge"
PLEDGE_ANCHOR = "ikrar"

# A pledge forgets the app's cached pages (home/page_cache.py), but not a CDN's copies: pages
# showing the counter tell shared caches in front of the app to keep them a minute at most.
PLEDGE_COUNTER_MAX_AGE = 60
# The thank-you is shown in the pledge block (where the redirect lands), not at the page's top.
PLEDGE_MESSAGE_TAG = "pledge"


class Pledge(models.Model):
    """One person's pledge, counted publicly."""

    name = models.CharField(_("name"), max_length=120)
    region = models.ForeignKey(
        "marketplace.Region",
        limit_choices_to=IN_DEFAULT_LOCALE,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    email = models.EmailField(_("e-mail"), null=True, blank=True, unique=True)
    agreed_to_be_counted = models.BooleanField(_("agreed to be counted"), default=True)
    created_at = models.DateTimeField(_("pledged"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")

    def __str__(self):
        return self.name


# --- The counter ----------------------------------------------------------------------------


def regions_with_pledge_counts():
    """Every region with its number of counted pledges, in one query (the form's choices too)."""
    return list(
        Region.objects.in_default_locale()
        .annotate(pledge_count=Count("pledges", filter=Q(pledges__agreed_to_be_counted=True)))
        .order_by("code")
    )


def cached_pledge_counts():
    """The counter, cached until a pledge or a region changes."""
    return cached(
        "pledge-counts",
        [],
        regions_with_pledge_counts,
        5 * 60,
        [PLEDGES_VERSION_KEY, TAXONOMY_VERSION_KEY],
    )


forget_pledge_counts = forgetter(PLEDGES_VERSION_KEY)


def connect():
    for signal in (post_save, post_delete):
        signal.connect(forget_pledge_counts, sender=Pledge, dispatch_uid=f"pl-pledges-{signal!r}")


# --- The form -------------------------------------------------------------------------------

DUPLICATE_EMAIL_MESSAGE = _(
    "This e-mail address has already made the pledge — thank you! Each person is counted once."
)


class PledgeForm(AccessibleErrorsMixin, HoneypotMixin, forms.Form):
    """The public pledge. Region choices come from the counter's query, so the form costs none."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    region = forms.TypedChoiceField(label=_("Where you live"), coerce=int, empty_value=None)
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        max_length=254,
        help_text=_("Only to make sure each person is counted once. We never show it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    agree = forms.BooleanField(
        label=_("I pledge to choose local products and agree to be counted"),
        error_messages={"required": _("Please tick the box so we can count your pledge.")},
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {region.pk: region for region in regions}
        self.fields["region"].choices = [("", _("Choose your regency or city"))] + [
            (region.pk, region.display_name) for region in regions
        ]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please tell us your name."))
        return name

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if not email:
            return None
        if Pledge.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(DUPLICATE_EMAIL_MESSAGE, code="duplicate")
        return email

    def save(self):
        return Pledge.objects.create(
            name=self.cleaned_data["name"],
            region=self.regions[self.cleaned_data["region"]],
            email=self.cleaned_data["email"],
            agreed_to_be_counted=True,
        )


# --- The view -------------------------------------------------------------------------------


def pledge_context(request):
    """What a page needs to show the pledge counter and form (a submitted form keeps its input)."""
    regions = cached_pledge_counts()
    form = getattr(request, "pledge_form", None)
    pending = list(messages.get_messages(request))
    thanks = [m for m in pending if PLEDGE_MESSAGE_TAG in m.extra_tags.split()]
    counted = sorted(
        (region for region in regions if region.pledge_count),
        key=lambda region: (-region.pledge_count, region.name),
    )
    return {
        "pledge_form": form if form is not None else PledgeForm(regions=regions),
        "pledge_total": sum(region.pledge_count for region in regions),
        "pledge_regions": counted,
        "pledge_regions_max": counted[0].pledge_count if counted else 0,
        "pledge_thanks": thanks,
        # The page's other messages still show at its top (components/messages.html).
        "messages": [m for m in pending if m not in thanks],
    }


def _rerender(request, page, form, status=200):
    request.pledge_form = form
    response = TemplateResponse(
        request, page.get_template(request), page.get_context(request), status=status
    )
    return response


def _thank_you(request, page, name=None):
    total = Pledge.objects.filter(agreed_to_be_counted=True).count()
    if name:
        text = gettext(
            "Thank you, %(name)s! Your pledge is counted: %(total)s people are proud to buy local."
        ) % {"name": name, "total": total}
    else:
        text = gettext("Thank you! Your pledge is counted.")
    messages.success(request, text, extra_tags=PLEDGE_MESSAGE_TAG)
    # Back to the pledge block, which shows the thank-you and the new total (POST-redirect-GET).
    return HttpResponseRedirect(f"{page.get_url(request)}#{PLEDGE_ANCHOR}")


def pledge_post(request, page):
    """Handle a pledge posted to `page`: store it and redirect, or show the form again with errors."""
    form = PledgeForm(request.POST, regions=regions_with_pledge_counts())
    if ratelimit.is_limited(request, PLEDGE_SCOPE):
        form.is_valid()
        form.add_error(
            None,
            gettext(
                "Too many pledges have been sent from your connection in the last hour. "
                "Please try again later."
            ),
        )
        return _rerender(request, page, form, status=429)
    valid = form.is_valid()
    if form.is_spam():
        # Bots get the same answer as people and nothing is stored.
        ratelimit.record(request, PLEDGE_SCOPE)
        return _thank_you(request, page)
    if valid:
        # Only a pledge that can be stored counts: a shopper correcting the form loses nothing.
        ratelimit.record(request, PLEDGE_SCOPE)
        try:
            with transaction.atomic():
                pledge = form.save()
        except IntegrityError:  # the same e-mail, submitted twice at the same moment
            form.add_error("email", DUPLICATE_EMAIL_MESSAGE)
        else:
            return _thank_you(request, page, pledge.name)
    return _rerender(request, page, form)


@same_origin_post  # posted from cached pages (home, campaign index), which carry no CSRF token
@require_POST
def pledge(request, page_id):
    """The pledge form's target: the page that shows it (home or campaign index) handles it."""
    page = get_object_or_404(Page.objects.live().public().specific(), pk=page_id)
    if not getattr(page, "accepts_pledges", False):
        raise Http404
    request.is_preview = False
    return pledge_post(request, page)
