"""Factories for orders (paid/pending orders with lines and a delivery per seller)."""

import datetime

import factory

from django.utils import timezone

from marketplace.orders.models import (
    Order,
    OrderDelivery,
    OrderLine,
    new_access_token,
    new_reference,
)


class OrderFactory(factory.django.DjangoModelFactory):
    reference = factory.LazyFunction(new_reference)
    access_token = factory.LazyFunction(new_access_token)
    customer_name = "Baiq Nurul"
    customer_email = "nurul@example.com"
    customer_phone = "6281234567890"
    total = 0
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(minutes=30))

    class Meta:
        model = Order


class OrderLineFactory(factory.django.DjangoModelFactory):
    order = factory.SubFactory(OrderFactory)
    product_name = factory.LazyAttribute(lambda o: o.product.title if o.product else "Produk")
    unit_price = 150000
    quantity = 1
    seller = factory.LazyAttribute(lambda o: o.product.seller)

    class Meta:
        model = OrderLine


class OrderDeliveryFactory(factory.django.DjangoModelFactory):
    order = factory.SubFactory(OrderFactory)
    method = OrderDelivery.Method.SHIP
    shipping_fee = 25000
    street = "Jl. Pejanggik No. 12"
    village = "Cakranegara Timur"
    district = "Cakranegara"
    city = "Kota Mataram"
    province = "Nusa Tenggara Barat"
    postal_code = "83239"

    class Meta:
        model = OrderDelivery


def order_for(
    product, quantity=1, status=Order.Status.PENDING, method=OrderDelivery.Method.SHIP, **kwargs
):
    """A whole order for one product: line, delivery and a matching total."""
    seller = product.seller
    fee = seller.shipping_fee if method == OrderDelivery.Method.SHIP else 0
    price = product.stock.price
    order = OrderFactory(status=status, total=price * quantity + fee, **kwargs)
    OrderLineFactory(order=order, product=product, unit_price=price, quantity=quantity)
    OrderDeliveryFactory(order=order, seller=seller, method=method, shipping_fee=fee)
    return order
