"""Public onboarding views: the "become a seller" form and its thank-you page."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from pasarlokal.core.ratelimit import is_limited, record

from .forms import SellerApplicationForm
from .onboarding import receive_application

RATE_SCOPE = "seller-application"


@never_cache
def apply(request):
    limited = is_limited(request, RATE_SCOPE)
    if request.method == "POST" and not limited:
        form = SellerApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            record(request, RATE_SCOPE)
            if not form.is_spam():
                receive_application(form, request)
            return redirect("sellerportal:apply_done")
    else:
        form = SellerApplicationForm()
    status = 429 if limited and request.method == "POST" else 200
    return render(
        request,
        "marketplace/sellerportal/apply.html",
        {
            "form": form,
            "limited": limited,
            "page_title": _("Become a seller"),
        },
        status=status,
    )


def apply_done(request):
    return render(request, "marketplace/sellerportal/apply_done.html", {})
