# Shopper-facing marketplace URLs that are not Wagtail pages (added by the catalogue work).
urlpatterns = []
