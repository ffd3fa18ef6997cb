from django.urls import path

from . import events, pledges

app_name = "campaign"

urlpatterns = [
    path("agenda/<int:pk>.ics", events.event_ics, name="event_ics"),
    path("ikrar/<int:page_id>/", pledges.pledge, name="pledge"),
]
