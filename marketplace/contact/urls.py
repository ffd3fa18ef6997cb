"""Contact links: /kontak/<channel>/<product-id>/ and /kontak/<channel>/penjual/<seller-id>/.

Under i18n_patterns, so /en/kontak/… gives the English WhatsApp message.
"""

from django.urls import path, register_converter

from . import views

app_name = "contact"


class ChannelConverter:
    regex = "|".join(views.CHANNELS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ChannelConverter, "contactchannel")

urlpatterns = [
    path(
        "kontak/<contactchannel:channel>/<int:product_id>/",
        views.product_contact,
        name="product",
    ),
    path(
        "kontak/<contactchannel:channel>/penjual/<int:seller_id>/",
        views.seller_contact,
        name="seller",
    ),
    path("kontak/tanya/<int:product_id>/", views.enquiry, name="enquiry"),
    path("kontak/tanya/<int:product_id>/terkirim/", views.enquiry_sent, name="enquiry_sent"),
]
