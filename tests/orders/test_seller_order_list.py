"""The seller orders list in the admin: each row shows the seller's own amount, in rupiah."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.orders.models import Order, OrderDelivery
from tests.factories import ProductPageFactory, SellerPageFactory

from .factories import OrderDeliveryFactory, OrderLineFactory, order_for
from .test_admin import editor_account, seller_account

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/orders/seller/"


@pytest.fixture
def shared_order(shop):
    """One order from two sellers: Tenun's songket (Rp150.000 + Rp25.000 shipping) and a secret
    pot from Gerabah (2 × Rp40.000 + Rp17.000 shipping)."""
    other = SellerPageFactory(parent=shop.index, title="Gerabah Rahasia Banyumulek")
    pot = ProductPageFactory(parent=other, title="Kendi Rahasia", stock__price=40000)
    order = order_for(shop.songket, 1, status=Order.Status.PAID)
    OrderLineFactory(order=order, product=pot, unit_price=40000, quantity=2)
    OrderDeliveryFactory(order=order, seller=other, shipping_fee=17000)
    order.total = 150000 + 25000 + 80000 + 17000
    order.save()
    theirs = order_for(pot, 3, status=Order.Status.PAID, method=OrderDelivery.Method.PICKUP)
    return order, theirs, other


def column_labels(response):
    return [str(column.label) for column in response.context["table"].columns.values()]


def test_seller_sees_their_own_share_and_nothing_of_the_other_seller(
    client, django_user_model, shop, shared_order
):
    order, theirs, other = shared_order
    client.force_login(seller_account(django_user_model, "tenun", shop.online))
    response = client.get(LIST_URL)
    body = response.content.decode()

    assert response.status_code == 200
    assert order.reference in body
    assert "Rp175.000" in body  # 150.000 songket + 25.000 shipping
    # Not the order's total, not the other seller's share, name, product or order.
    for secret in ["Rp272.000", "Rp97.000", "Rp120.000", other.title, "Kendi Rahasia"]:
        assert secret not in body
    assert theirs.reference not in body


def test_seller_list_has_amount_but_no_seller_column(client, django_user_model, shop, shared_order):
    client.force_login(seller_account(django_user_model, "tenun", shop.online))
    labels = column_labels(client.get(LIST_URL))
    assert "Jumlah harga" in labels
    assert "Penjual" not in labels


def test_member_of_two_sellers_keeps_the_seller_column(
    client, django_user_model, shop, shared_order
):
    from marketplace.sellerportal.setup import add_seller_member

    user = seller_account(django_user_model, "tenun", shop.online)
    add_seller_member(shared_order[2], user)
    client.force_login(user)
    response = client.get(LIST_URL)
    assert "Penjual" in column_labels(response)
    assert "Rp97.000" in response.content.decode()


def test_editor_sees_every_sellers_share_with_the_seller_column(
    client, django_user_model, shared_order
):
    client.force_login(editor_account(django_user_model, "editor"))
    response = client.get(LIST_URL)
    body = response.content.decode()
    assert {"Penjual", "Jumlah harga"} <= set(column_labels(response))
    assert "Rp175.000" in body and "Rp97.000" in body and "Rp120.000" in body
    assert "Gerabah Rahasia Banyumulek" in body


def test_seller_amounts_are_sortable(client, django_user_model, shared_order):
    client.force_login(editor_account(django_user_model, "editor"))
    body = client.get(LIST_URL + "?ordering=seller_amount").content.decode()
    assert body.index("Rp97.000") < body.index("Rp120.000") < body.index("Rp175.000")


def test_seller_list_runs_a_constant_number_of_queries(client, django_user_model, shop):
    client.force_login(seller_account(django_user_model, "tenun", shop.online))
    order_for(shop.songket, 1, status=Order.Status.PAID)
    client.get(LIST_URL)  # warm caches (content types, site)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST_URL).status_code == 200
        return len(queries)

    few = count()
    for quantity in range(2, 8):
        order_for(shop.scarf, quantity, status=Order.Status.PAID)
    assert count() == few


def test_seller_list_headers_are_indonesian(client, django_user_model, shop, shared_order):
    client.force_login(seller_account(django_user_model, "tenun", shop.online))
    labels = column_labels(client.get(LIST_URL))
    assert labels[0] == "Pesanan"  # a purchase, not Wagtail's "Urutan" (sort order)
    assert "Order" not in labels


def test_seller_export_has_their_own_amount_as_a_number(
    client, django_user_model, shop, shared_order
):
    order, theirs, other = shared_order
    client.force_login(seller_account(django_user_model, "tenun", shop.online))
    response = client.get(LIST_URL, {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    header, row, *rest = body.splitlines()
    assert "Jumlah (Rp)" in header and "Pesanan" in header
    assert order.reference in row and "175000" in row
    assert not rest and theirs.reference not in body and other.title not in body
