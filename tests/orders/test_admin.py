import pytest

from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone

from marketplace.orders.models import Order, OrderDelivery
from marketplace.sellers import SellerMember
from tests.factories import ProductPageFactory, SellerPageFactory

from .factories import order_for

pytestmark = pytest.mark.django_db


def admin_user(django_user_model, username, *perms):
    user = django_user_model.objects.create_user(
        username, f"{username}@example.com", "pw-123456789"
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in perms:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def two_orders(shop):
    other = SellerPageFactory(parent=shop.index, title="Gerabah Banyumulek")
    pot = ProductPageFactory(parent=other, title="Kendi Banyumulek", stock__price=40000)
    mine = order_for(shop.songket, 1, status=Order.Status.PAID)
    theirs = order_for(pot, 2, status=Order.Status.PAID, method=OrderDelivery.Method.PICKUP)
    return mine, theirs, other


@pytest.fixture
def seller_client(client, django_user_model, shop):
    user = admin_user(django_user_model, "tenun")
    SellerMember.objects.create(seller=shop.online, user=user)
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(admin_user(django_user_model, "editor", "manage_all_sellers"))
    return client


def test_seller_sees_and_opens_only_their_own_deliveries(seller_client, two_orders):
    mine, theirs, _other = two_orders
    page = seller_client.get("/admin/orders/seller/").content.decode()
    assert mine.reference in page and theirs.reference not in page

    own = mine.deliveries.get()
    response = seller_client.get(f"/admin/orders/seller/inspect/{own.pk}/")
    assert response.status_code == 200
    assert "Songket Subahnale" in response.content.decode()
    foreign = theirs.deliveries.get()
    assert seller_client.get(f"/admin/orders/seller/inspect/{foreign.pk}/").status_code == 404
    assert (
        seller_client.post(
            f"/admin/orders/seller/inspect/{foreign.pk}/", {"action": "ready"}
        ).status_code
        == 404
    )
    foreign.refresh_from_db()
    assert foreign.fulfilment == "new"


def test_seller_cannot_open_the_editors_order_list_or_event_log(seller_client, two_orders):
    assert seller_client.get("/admin/orders/all/").status_code in (302, 403)
    assert seller_client.get("/admin/orders/payment-events/").status_code in (302, 403)


def test_mark_shipped_then_completed_emails_the_shopper(
    seller_client, two_orders, django_capture_on_commit_callbacks
):
    delivery = two_orders[0].deliveries.get()
    url = f"/admin/orders/seller/inspect/{delivery.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = seller_client.post(
            url, {"action": "shipped", "courier": "JNE", "tracking_number": "JNE123"}
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.fulfilment, delivery.courier, delivery.tracking_number) == (
        "shipped",
        "JNE",
        "JNE123",
    )
    assert mail.outbox[-1].to == ["nurul@example.com"] and "JNE123" in mail.outbox[-1].body

    with django_capture_on_commit_callbacks(execute=True):
        seller_client.post(url, {"action": "completed"})
    delivery.refresh_from_db()
    assert delivery.fulfilment == "completed" and len(mail.outbox) == 2


def test_shipping_needs_courier_and_tracking(seller_client, two_orders):
    delivery = two_orders[0].deliveries.get()
    response = seller_client.post(
        f"/admin/orders/seller/inspect/{delivery.pk}/", {"action": "shipped", "courier": "JNE"}
    )
    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.fulfilment == "new" and mail.outbox == []


def test_ready_for_pickup(
    client, django_user_model, two_orders, django_capture_on_commit_callbacks
):
    _mine, theirs, other = two_orders
    user = admin_user(django_user_model, "gerabah")
    SellerMember.objects.create(seller=other, user=user)
    client.force_login(user)
    delivery = theirs.deliveries.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/orders/seller/inspect/{delivery.pk}/", {"action": "ready"})
    delivery.refresh_from_db()
    assert delivery.fulfilment == "ready"
    assert mail.outbox[0].to == ["nurul@example.com"]


def test_unpaid_orders_cannot_be_fulfilled(seller_client, shop):
    order = order_for(shop.songket, 1)
    delivery = order.deliveries.get()
    seller_client.post(
        f"/admin/orders/seller/inspect/{delivery.pk}/",
        {"action": "shipped", "courier": "JNE", "tracking_number": "1"},
    )
    delivery.refresh_from_db()
    assert delivery.fulfilment == "new"


def test_editor_filters_orders_and_exports_csv(editor_client, two_orders):
    mine, theirs, other = two_orders
    cancelled = order_for(mine.lines.get().product, 1, status=Order.Status.CANCELLED)

    page = editor_client.get("/admin/orders/all/").content.decode()
    assert all(o.reference in page for o in (mine, theirs, cancelled))

    page = editor_client.get("/admin/orders/all/", {"status": "cancelled"}).content.decode()
    assert cancelled.reference in page and mine.reference not in page

    page = editor_client.get("/admin/orders/all/", {"seller": other.pk}).content.decode()
    assert theirs.reference in page and mine.reference not in page

    today = timezone.localdate(mine.created_at).isoformat()
    page = editor_client.get(
        "/admin/orders/all/", {"created_at_from": today, "created_at_to": today}
    ).content.decode()
    assert mine.reference in page
    page = editor_client.get(
        "/admin/orders/all/", {"created_at_from": "2000-01-01", "created_at_to": "2000-01-02"}
    ).content.decode()
    assert mine.reference not in page

    response = editor_client.get("/admin/orders/all/", {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert mine.reference in body and theirs.reference in body and "Gerabah Banyumulek" in body

    inspect = editor_client.get(f"/admin/orders/all/inspect/{mine.pk}/")
    assert inspect.status_code == 200 and "Songket Subahnale" in inspect.content.decode()


def test_editor_sees_the_payment_event_log(editor_client, stripe_on, shop):
    from .conftest import post_webhook

    post_webhook(stripe_on.event("customer.created", {"id": "cus_1"}, event_id="evt_visible_1"))
    page = editor_client.get("/admin/orders/payment-events/").content.decode()
    assert "customer.created" in page


def test_admin_menu_shows_sellers_only_their_orders_entry(seller_client, two_orders):
    import json
    import re

    def menu(client):
        html = client.get("/admin/").content.decode()
        props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1)
        return json.dumps(json.loads(props))

    seller_menu = menu(seller_client)
    assert "/admin/orders/seller/" in seller_menu
    assert (
        "/admin/orders/all/" not in seller_menu
        and "/admin/orders/payment-events/" not in seller_menu
    )


def test_editor_menu_has_all_order_entries(editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert all(
        url in html
        for url in ["/admin/orders/all/", "/admin/orders/seller/", "/admin/orders/payment-events/"]
    )


def test_orders_csv_export_never_starts_a_cell_with_a_formula(editor_client, shop):
    order_for(shop.songket, 1, status=Order.Status.PAID, customer_name='=HYPERLINK("http://x")')
    response = editor_client.get("/admin/orders/all/", {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in body
    assert ",=HYPERLINK" not in body and '"=HYPERLINK' not in body
