from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import pwa, routing
from home import views as home_views
from marketplace import feeds

# Not language-prefixed: machines and the admin.
urlpatterns = [
    path("healthz", home_views.health, name="health"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", home_views.sitemap, name="sitemap"),
    path("sw.js", pwa.service_worker, name="pwa_service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="pwa_manifest"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("marketplace.orders.webhook_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Shopper-facing: Indonesian unprefixed, English under /en/.
urlpatterns += i18n_patterns(
    path("cari/", home_views.search, name="search"),
    path("offline/", pwa.offline, name="pwa_offline"),
    path("feeds/google.xml", feeds.google_feed, name="feed_google"),
    path("feeds/meta.csv", feeds.meta_feed, name="feed_meta"),
    path("", include("marketplace.contact.urls")),
    path("", include("marketplace.orders.urls")),
    path("", include("marketplace.sellerportal.urls")),
    path("", include("campaign.urls")),
    # Wagtail's page serving, routed per language with an Indonesian fallback (home.routing).
    re_path(r"^((?:[\w\-]+/)*)$", routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
