from django.urls import path

from . import lookup, views

app_name = "orders"

urlpatterns = [
    path("keranjang/", views.cart_detail, name="cart"),
    path("keranjang/tambah/", views.cart_add, name="cart_add"),
    path("keranjang/ubah/", views.cart_update, name="cart_update"),
    path("keranjang/whatsapp/<int:seller_id>/", views.cart_whatsapp, name="cart_whatsapp"),
    path("keranjang/checkout/", views.checkout, name="checkout"),
    path("pesanan/cari/", lookup.order_lookup, name="order_lookup"),
    path("pesanan/<str:token>/", views.order_detail, name="order_detail"),
    path("pesanan/<str:token>/berhasil/", views.order_success, name="order_success"),
    path("pesanan/<str:token>/batal/", views.order_cancel, name="order_cancel"),
]
