from django.urls import path

from . import events, pledges, poster_views

app_name = "campaign"

urlpatterns = [
    path("agenda/<int:pk>.ics", events.event_ics, name="event_ics"),
    path("ikrar/<int:page_id>/", pledges.pledge, name="pledge"),
    path("agenda.ics", events.upcoming_ics, name="upcoming_ics"),
    path("qr/<postersize:size>/<int:page_id>/", poster_views.qr_redirect, name="qr"),
    path(
        "qr/bazar/<int:event_id>/<int:product_id>/",
        poster_views.qr_bazaar_redirect,
        name="qr_bazaar",
    ),
]
