"""Orders flagged for an amount mismatch hold their stock until an editor decides: the queue on
the admin dashboard tells editors about them, and the order page releases or confirms them."""

import pytest

from django.contrib.auth.models import Group

from marketplace.orders import lifecycle
from marketplace.orders.models import Order
from marketplace.products import StockRecord
from marketplace.sellerportal.setup import add_seller_member

from .conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged(client, shop, stripe_on):
    add_to_cart(client, shop.songket, 2)
    client.post("/keranjang/checkout/", checkout_data(shop.online))
    order = Order.objects.get()
    outcome = lifecycle.mark_paid(
        order, {"amount_total": 100, "currency": "idr", "id": order.stripe_session_id}
    )
    assert outcome == "amount mismatch: flagged"
    order.refresh_from_db()
    assert (order.status, order.needs_review) == (Order.Status.PENDING, True)
    assert StockRecord.objects.get(product=shop.songket).quantity == 3
    return order


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("kantor", "kantor@example.com", "pw-123456789")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def seller(django_user_model, shop):
    user = django_user_model.objects.create_user("tenun", "tenun@example.com", "pw-123456789")
    add_seller_member(shop.online, user)
    return user


def inspect_url(order):
    return f"/admin/orders/all/inspect/{order.pk}/"


def test_editors_dashboard_lists_orders_that_need_a_decision(client, flagged, editor, seller):
    client.force_login(editor)
    page = client.get("/admin/").content.decode()
    assert "Pesanan perlu ditinjau" in page  # "Orders to review"
    assert flagged.reference in page
    assert inspect_url(flagged) in page
    client.force_login(seller)
    assert flagged.reference not in client.get("/admin/").content.decode()


def test_release_cancels_the_order_and_gives_the_stock_back(client, flagged, editor, shop):
    client.force_login(editor)
    page = client.get(inspect_url(flagged)).content.decode()
    assert 'name="review" value="release"' in page
    response = client.post(inspect_url(flagged), {"review": "release"})
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert (flagged.status, flagged.needs_review) == (Order.Status.CANCELLED, False)
    assert StockRecord.objects.get(product=shop.songket).quantity == 5
    # Forward only: a second release, or a confirm after it, changes nothing.
    client.post(inspect_url(flagged), {"review": "release"})
    client.post(inspect_url(flagged), {"review": "confirm"})
    flagged.refresh_from_db()
    assert flagged.status == Order.Status.CANCELLED
    assert StockRecord.objects.get(product=shop.songket).quantity == 5


def test_confirm_marks_it_paid_and_keeps_the_stock(client, flagged, editor, shop):
    client.force_login(editor)
    response = client.post(inspect_url(flagged), {"review": "confirm"})
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert (flagged.status, flagged.needs_review) == (Order.Status.PAID, False)
    assert flagged.paid_at is not None
    assert StockRecord.objects.get(product=shop.songket).quantity == 3
    assert "Pesanan perlu ditinjau" not in client.get("/admin/").content.decode()


def test_sellers_cannot_decide(client, flagged, seller, shop):
    client.force_login(seller)
    client.post(inspect_url(flagged), {"review": "release"})
    flagged.refresh_from_db()
    assert (flagged.status, flagged.needs_review) == (Order.Status.PENDING, True)
    assert StockRecord.objects.get(product=shop.songket).quantity == 3
