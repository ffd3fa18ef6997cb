"""Request hygiene that must hold for every view."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

NUL = "\x00"


def _has_nul(querydict):
    return any(NUL in key or any(NUL in v for v in values) for key, values in querydict.lists())


class RejectNulMiddleware:
    """Refuse (400) a request with a NUL character in its path, query, form fields or cookies.

    No browser or form sends one; PostgreSQL cannot store or compare one and answers with an
    error (a 500) wherever such a value reaches a query. One rule here instead of one per field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            NUL in request.path_info
            or _has_nul(request.GET)
            or any(NUL in k or NUL in v for k, v in request.COOKIES.items())
            or (request.method == "POST" and _has_nul(request.POST))
        ):
            return HttpResponseBadRequest(
                _("Bad request: the address or form contains a character that is not allowed."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """Refuse (413) a request whose declared body is larger than MAX_REQUEST_BODY_SIZE, before
    anything reads it. nginx refuses these first in production (client_max_body_size); this
    holds when the app is reached another way. Django's own limits cover non-file form data only
    (DATA_UPLOAD_MAX_MEMORY_SIZE) and spool big files to disk rather than refusing them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = getattr(settings, "MAX_REQUEST_BODY_SIZE", None)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit and length > limit:
            return HttpResponse(
                _("The upload is too large. Please send files of at most 5 MB each."),
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
