from django.urls import path

from . import views

app_name = "impact"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("over-time/", views.SeriesReportView.as_view(), name="series"),
    path("by-sector/", views.SectorReportView.as_view(), name="by_sector"),
    path("by-region/", views.RegionReportView.as_view(), name="by_region"),
    path("top-products/", views.TopProductsReportView.as_view(), name="top_products"),
    path("top-sellers/", views.TopSellersReportView.as_view(), name="top_sellers"),
    path("programme/", views.ProgrammeReportView.as_view(), name="programme"),
]
