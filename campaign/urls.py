from django.urls import path

from . import events

app_name = "campaign"

urlpatterns = [
    path("agenda/<int:pk>.ics", events.event_ics, name="event_ics"),
]
