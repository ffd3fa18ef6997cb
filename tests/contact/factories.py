import factory

from django.utils import timezone

from marketplace.contact.models import ContactClick, Enquiry
from tests.factories import SellerPageFactory


class EnquiryFactory(factory.django.DjangoModelFactory):
    seller = factory.SubFactory(SellerPageFactory)
    product = None
    name = "Baiq Nurul"
    email = "nurul@example.com"
    phone = ""
    message = "Apakah ada warna merah?"
    quantity = 2
    language = "id"

    class Meta:
        model = Enquiry


class ContactClickFactory(factory.django.DjangoModelFactory):
    seller = factory.SubFactory(SellerPageFactory)
    product = None
    channel = ContactClick.Channel.WHATSAPP
    created_at = factory.LazyFunction(timezone.now)
    language = "id"

    class Meta:
        model = ContactClick
