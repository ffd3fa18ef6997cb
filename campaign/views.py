"""The pledge form's POST handling (shared by the campaign index and the home page) and .ics files."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from home import ratelimit

from .events import UPCOMING_EVENTS_LIMIT, EventPage, upcoming_events
from .forms import DUPLICATE_EMAIL_MESSAGE, PledgeForm
from .ics import event_calendar, events_calendar
from .pledges import Pledge, regions_with_pledge_counts

PLEDGE_SCOPE = "pledge"
PLEDGE_ANCHOR = "ikrar"


def _rerender(request, page, form, status=200):
    request.pledge_form = form
    response = TemplateResponse(
        request, page.get_template(request), page.get_context(request), status=status
    )
    return response


def _thank_you(request, page, name=None):
    total = Pledge.objects.filter(agreed_to_be_counted=True).count()
    if name:
        text = _(
            "Thank you, %(name)s! Your pledge is counted: %(total)s people are proud to buy local."
        ) % {"name": name, "total": total}
    else:
        text = _("Thank you! Your pledge is counted.")
    messages.success(request, text)
    # Back to the top of the page, where the thank-you message shows (POST-redirect-GET).
    return HttpResponseRedirect(page.get_url(request) + "#main-content")


def pledge_post(request, page):
    """Handle a pledge posted to `page`: store it and redirect, or show the form again with errors."""
    form = PledgeForm(request.POST, regions=regions_with_pledge_counts())
    if ratelimit.is_limited(request, PLEDGE_SCOPE):
        form.is_valid()
        form.add_error(
            None,
            _(
                "Too many pledges have been sent from your connection in the last hour. "
                "Please try again later."
            ),
        )
        return _rerender(request, page, form, status=429)
    ratelimit.record(request, PLEDGE_SCOPE)
    valid = form.is_valid()
    if form.is_spam():
        # Bots get the same answer as people and nothing is stored.
        return _thank_you(request, page)
    if valid:
        try:
            with transaction.atomic():
                pledge = form.save()
        except IntegrityError:  # the same e-mail, submitted twice at the same moment
            form.add_error("email", DUPLICATE_EMAIL_MESSAGE)
        else:
            return _thank_you(request, page, pledge.name)
    return _rerender(request, page, form)


@require_GET
def event_ics(request, pk):
    """One event as an iCalendar file, for the shopper's phone calendar."""
    event = get_object_or_404(EventPage.objects.live().public(), pk=pk)
    response = HttpResponse(
        event_calendar(event, request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_GET
def upcoming_ics(request):
    """Every upcoming event as one calendar a phone can subscribe to (webcal or https)."""
    events = upcoming_events()[:UPCOMING_EVENTS_LIMIT]
    response = HttpResponse(
        events_calendar(events, _("Pasar Lokal events"), request),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="agenda-pasar-lokal.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response
