from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views

# Not language-prefixed: machines and the admin.
urlpatterns = [
    path("healthz", home_views.health, name="health"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", home_views.sitemap, name="sitemap"),
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
    path("", include("marketplace.contact.urls")),
    path("", include("marketplace.orders.urls")),
    path("", include("marketplace.sellerportal.urls")),
    path("", include("campaign.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
