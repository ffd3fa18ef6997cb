from django.urls import path

from . import views

app_name = "campaign"

urlpatterns = [
    path("agenda/<int:pk>.ics", views.event_ics, name="event_ics"),
    path("ikrar/<int:page_id>/", views.pledge, name="pledge"),
]
