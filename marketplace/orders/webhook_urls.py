from django.urls import path

from .webhooks import midtrans_notification, stripe_webhook

urlpatterns = [
    path("stripe/webhook/", stripe_webhook, name="stripe_webhook"),
    path("midtrans/notification/", midtrans_notification, name="midtrans_notification"),
]
