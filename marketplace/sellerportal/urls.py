from django.urls import path

from . import views

app_name = "sellerportal"

urlpatterns = [
    path("daftar-penjual/", views.apply, name="apply"),
    path("daftar-penjual/terima-kasih/", views.apply_done, name="apply_done"),
]
