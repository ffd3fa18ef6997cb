"""Factories for the rows the impact dashboard counts. `created_at` fields that the models fill
with auto_now_add are set afterwards with an UPDATE, so tests can place rows at any moment."""

import datetime
import secrets

import factory

from django.utils import timezone

from campaign.models import Pledge
from impact.periods import WITA
from marketplace.contact.models import ContactClick, Enquiry
from marketplace.orders.models import Order, OrderLine
from marketplace.sellerportal.models import SellerApplication
from tests.factories import RegionFactory, SectorFactory


def wita(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=WITA)


class BackdatedFactory(factory.django.DjangoModelFactory):
    """`created_at=` is written after the insert, because the model sets it on create."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        created_at = kwargs.pop("created_at", None)
        obj = super()._create(model_class, *args, **kwargs)
        if created_at is not None:
            model_class.objects.filter(pk=obj.pk).update(created_at=created_at)
            obj.created_at = created_at
        return obj


class ContactClickFactory(factory.django.DjangoModelFactory):
    channel = ContactClick.Channel.WHATSAPP
    created_at = factory.LazyFunction(timezone.now)
    seller = factory.LazyAttribute(lambda o: o.product.seller if o.product else None)
    product = None

    class Meta:
        model = ContactClick


class EnquiryFactory(BackdatedFactory):
    product = None
    seller = factory.LazyAttribute(lambda o: o.product.seller if o.product else None)
    name = "Baiq Nurul"
    email = "nurul@example.com"
    message = "Apakah masih ada stok?"

    class Meta:
        model = Enquiry


class OrderFactory(BackdatedFactory):
    reference = factory.Sequence(lambda n: f"PL-{n:06d}")
    access_token = factory.LazyFunction(lambda: secrets.token_urlsafe(24))
    status = Order.Status.PAID
    customer_name = "Lalu Ahmad"
    customer_email = "ahmad@example.com"
    paid_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in (Order.Status.PAID, Order.Status.REFUNDED) else None
    )

    class Meta:
        model = Order


class OrderLineFactory(factory.django.DjangoModelFactory):
    order = factory.SubFactory(OrderFactory)
    product = None
    seller = factory.LazyAttribute(lambda o: o.product.seller)
    product_name = factory.LazyAttribute(lambda o: o.product.title if o.product else "Produk")
    unit_price = 150000
    quantity = 1

    class Meta:
        model = OrderLine


def make_order(status, when, lines):
    """An order with `lines` = [(product, quantity, unit_price)]; total kept consistent."""
    order = OrderFactory(
        status=status,
        paid_at=when if status in (Order.Status.PAID, Order.Status.REFUNDED) else None,
        created_at=when,
        total=sum(quantity * price for _product, quantity, price in lines),
    )
    for product, quantity, price in lines:
        OrderLineFactory(order=order, product=product, quantity=quantity, unit_price=price)
    return order


class PledgeFactory(BackdatedFactory):
    name = factory.Sequence(lambda n: f"Warga {n}")
    region = factory.SubFactory(RegionFactory)
    email = factory.Sequence(lambda n: f"warga{n}@example.com")

    class Meta:
        model = Pledge


class SellerApplicationFactory(BackdatedFactory):
    business_name = factory.Sequence(lambda n: f"Usaha {n}")
    owner_name = "Inaq Sahnun"
    nib = "1234567890123"
    region = factory.SubFactory(RegionFactory)
    sector = factory.SubFactory(SectorFactory)
    category = None
    whatsapp = "6281234567890"
    email = factory.Sequence(lambda n: f"usaha{n}@example.com")
    description = "Tenun ikat"

    class Meta:
        model = SellerApplication
