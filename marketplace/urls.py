# Shopper-facing marketplace URLs that are not Wagtail pages. Under i18n_patterns, so each
# language has its own feeds (/feeds/… Indonesian, /en/feeds/… English).
from django.urls import path

from . import feeds

urlpatterns = [
    path("feeds/google.xml", feeds.google_feed, name="feed_google"),
    path("feeds/meta.csv", feeds.meta_feed, name="feed_meta"),
]
