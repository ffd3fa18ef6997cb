import pytest

from django.core import mail
from django.urls import reverse
from django.utils.text import slugify

from wagtail.models import Revision, TaskState, WorkflowState

from marketplace.catalogue import live_products
from marketplace.products import ProductPage, StockRecord
from marketplace.sellerportal.setup import WORKFLOW_NAME
from tests.factories import CategoryFactory, ProductPageFactory


def add_product_as_seller(client, seller, title="Kopi Tepal Sumbawa", submit=True, price=85000):
    category = CategoryFactory()
    url = reverse("wagtailadmin_pages:add", args=["marketplace", "productpage", seller.pk])
    data = {
        "title": title,
        "slug": slugify(title),
        "summary": "Kopi arabika dari dataran tinggi Tepal",
        "category": category.pk,
        "unit": "bungkus",
        "minimum_order": 1,
        "price": price,
        "stock_quantity": 12,
        "sells_online": "on",
        "materials": "",
        "tags": "",
        "gallery_images-TOTAL_FORMS": 0,
        "gallery_images-INITIAL_FORMS": 0,
        "gallery_images-MIN_NUM_FORMS": 0,
        "gallery_images-MAX_NUM_FORMS": 10,
    }
    if submit:
        data["action-submit"] = "Submit"
    response = client.post(url, data)
    assert response.status_code == 302, (
        response.context["form"].errors,
        [f.errors for f in response.context["form"].formsets.values()],
    )
    return ProductPage.objects.get(title=title)


@pytest.fixture
def seller_client(client, seller_a):
    client.force_login(seller_a["user"])
    return client


@pytest.mark.django_db
def test_seller_cannot_publish_directly(seller_client, seller_a):
    url = reverse(
        "wagtailadmin_pages:add", args=["marketplace", "productpage", seller_a["seller"].pk]
    )
    body = seller_client.get(url).content.decode()
    assert 'name="action-publish"' not in body
    assert 'name="action-submit"' in body


@pytest.mark.django_db
def test_new_product_is_not_live_until_approved(client, seller_client, seller_a, editor, catalogue):
    product = add_product_as_seller(seller_client, seller_a["seller"])
    assert not product.live
    assert product.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert product.current_workflow_state.workflow.name == WORKFLOW_NAME
    assert StockRecord.objects.get(product=product).price == 85000
    assert not live_products().filter(pk=product.pk).exists()
    # The editors were notified that something awaits review.
    assert any("editor@example.com" in m.to for m in mail.outbox)

    client.force_login(editor)
    task_state = TaskState.objects.get(workflow_state=product.current_workflow_state)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[product.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.live
    assert live_products().filter(pk=product.pk).exists()
    page = client.get(catalogue.url)
    assert "Kopi Tepal Sumbawa" in page.content.decode()


@pytest.mark.django_db
def test_rejected_product_shows_the_comment_to_the_seller(client, seller_a, editor):
    client.force_login(seller_a["user"])
    product = add_product_as_seller(client, seller_a["seller"], title="Madu Hutan")
    mail.outbox.clear()
    client.force_login(editor)
    task_state = TaskState.objects.get(workflow_state=product.current_workflow_state)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[product.pk, "reject", task_state.pk]),
        {"comment": "Fotonya buram, mohon ganti dengan foto yang lebih jelas."},
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert not product.live
    # The seller gets an e-mail with the comment…
    to_seller = [m for m in mail.outbox if seller_a["user"].email in m.to]
    assert to_seller and "Fotonya buram" in to_seller[0].body
    # …and sees it on their admin home and in the editor.
    client.force_login(seller_a["user"])
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Fotonya buram" in home
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[product.pk])).content.decode()
    assert "Fotonya buram" in edit or "Madu Hutan" in edit


def stock_post_data(rows):
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(len(rows))}
    for i, (product, quantity, price, online) in enumerate(rows):
        data[f"form-{i}-product_id"] = str(product.pk)
        data[f"form-{i}-quantity"] = str(quantity)
        data[f"form-{i}-price"] = "" if price is None else str(price)
        if online:
            data[f"form-{i}-sells_online"] = "on"
    return data


@pytest.mark.django_db
def test_stock_screen_lists_only_own_products(seller_client, seller_a, seller_b):
    body = seller_client.get(reverse("sellerportal_stock")).content.decode()
    assert seller_a["product"].title in body
    assert seller_b["product"].title not in body


@pytest.mark.django_db
def test_stock_screen_saves_without_a_revision(seller_client, seller_a):
    product = seller_a["product"]
    revisions = Revision.objects.filter(object_id=str(product.pk)).count()
    latest = ProductPage.objects.get(pk=product.pk).latest_revision_id
    response = seller_client.post(
        reverse("sellerportal_stock"), stock_post_data([(product, 3, 99000, False)])
    )
    assert response.status_code == 302
    stock = StockRecord.objects.get(product=product)
    assert (stock.quantity, stock.price, stock.sells_online) == (3, 99000, False)
    assert Revision.objects.filter(object_id=str(product.pk)).count() == revisions
    assert ProductPage.objects.get(pk=product.pk).latest_revision_id == latest


@pytest.mark.django_db
@pytest.mark.parametrize("quantity, price", [(-1, 1000), (5, -10)])
def test_stock_screen_refuses_negatives(seller_client, seller_a, quantity, price):
    product = seller_a["product"]
    response = seller_client.post(
        reverse("sellerportal_stock"), stock_post_data([(product, quantity, price, True)])
    )
    assert response.status_code == 400
    assert (
        "cannot be negative" in response.content.decode()
        or "tidak boleh negatif" in response.content.decode()
    )
    stock = StockRecord.objects.get(product=product)
    assert (stock.quantity, stock.price) == (10, 150000)


@pytest.mark.django_db
def test_stock_change_keeps_the_edit_in_moderation_pending(client, seller_a, editor):
    product = seller_a["product"]
    product.save_revision(user=seller_a["user"]).publish()
    client.force_login(seller_a["user"])
    # The seller edits the content and submits it: it waits for review.
    edit = ProductPage.objects.get(pk=product.pk)
    edit.summary = "Ringkasan baru yang menunggu tinjauan"
    revision = edit.save_revision(user=seller_a["user"])
    state = edit.get_workflow().start(edit, seller_a["user"])
    # Then changes stock and price on the stock screen.
    response = client.post(
        reverse("sellerportal_stock"), stock_post_data([(product, 1, 120000, True)])
    )
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    live = ProductPage.objects.get(pk=product.pk)
    assert live.latest_revision_id == revision.pk
    assert live.summary != "Ringkasan baru yang menunggu tinjauan"  # still pending, not live
    assert StockRecord.objects.get(product=product).quantity == 1
    # When the editor approves, the content goes live and the new stock/price stay.
    client.force_login(editor)
    task_state = TaskState.objects.get(workflow_state=state)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[product.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    live = ProductPage.objects.get(pk=product.pk)
    assert live.summary == "Ringkasan baru yang menunggu tinjauan"
    stock = StockRecord.objects.get(product=product)
    assert (stock.quantity, stock.price) == (1, 120000)


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_stock_screen_queries_are_constant(seller_client, seller_a):
    url = reverse("sellerportal_stock")
    for i in range(2):
        ProductPageFactory(parent=seller_a["seller"], title=f"Produk {i}")
    seller_client.get(url)  # warm caches (content types, site root paths)
    small = count_queries(seller_client, url)
    for i in range(2, 30):
        ProductPageFactory(parent=seller_a["seller"], title=f"Produk {i}")
    assert count_queries(seller_client, url) == small


@pytest.mark.django_db
def test_seller_edits_storefront_through_review(seller_client, seller_a):
    seller = seller_a["seller"]
    seller.save_revision().publish()
    url = reverse("wagtailadmin_pages:edit", args=[seller.pk])
    body = seller_client.get(url).content.decode()
    assert 'name="action-publish"' not in body
    edit = type(seller).objects.get(pk=seller.pk)
    edit.story = "<p>Cerita baru tentang tenun kami</p>"
    edit.save_revision(user=seller_a["user"])
    state = edit.get_workflow().start(edit, seller_a["user"])
    assert state.workflow.name == WORKFLOW_NAME
    assert "Cerita baru" not in type(seller).objects.get(pk=seller.pk).story


@pytest.mark.django_db
def test_dashboard_numbers_and_constant_queries(
    client, seller_a, seller_b, django_assert_num_queries
):
    from django.utils import timezone

    from marketplace.contact.models import ContactClick, Enquiry
    from marketplace.orders.models import Order, OrderDelivery, OrderLine
    from marketplace.sellerportal.panels import seller_numbers

    seller, user = seller_a["seller"], seller_a["user"]
    StockRecord.objects.filter(product=seller_a["product"]).update(quantity=2)
    Enquiry.objects.create(seller=seller, name="P", message="Ada stok?")
    Enquiry.objects.create(seller=seller_b["seller"], name="Q", message="B")
    order = Order.objects.create(
        reference="PL-1",
        access_token="t1",
        status="paid",
        customer_name="C",
        customer_email="c@example.com",
    )
    OrderLine.objects.create(order=order, seller=seller, product_name="x", unit_price=1, quantity=1)
    # Checkout gives every seller of an order a delivery; "to ship" reads its fulfilment.
    OrderDelivery.objects.create(order=order, seller=seller, method="ship")
    pending = Order.objects.create(
        reference="PL-2",
        access_token="t2",
        status="pending",
        customer_name="C",
        customer_email="c@example.com",
    )
    OrderLine.objects.create(
        order=pending, seller=seller, product_name="x", unit_price=1, quantity=1
    )
    OrderDelivery.objects.create(order=pending, seller=seller, method="ship")
    for channel in ("whatsapp", "whatsapp", "phone"):
        ContactClick.objects.create(seller=seller, channel=channel, created_at=timezone.now())
    ContactClick.objects.create(
        seller=seller_b["seller"], channel="whatsapp", created_at=timezone.now()
    )
    numbers = seller_numbers(user)
    assert numbers["low_stock_count"] == 1
    assert numbers["new_enquiries"] == 1
    assert numbers["orders_to_ship"] == 1
    assert (numbers["whatsapp_clicks"], numbers["other_clicks"]) == (2, 1)
    assert numbers["products_total"] == 1

    client.force_login(user)
    client.get(reverse("wagtailadmin_home"))

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            seller_numbers(user)
        return len(ctx.captured_queries)

    small = count_queries()
    for i in range(20):
        ProductPageFactory(parent=seller, title=f"Lagi {i}", stock__quantity=1)
    assert count_queries() == small


@pytest.mark.django_db
def test_dashboard_links_to_the_seller_application_listing_by_model(editor):
    from marketplace.sellerportal.models import SellerApplication
    from marketplace.sellerportal.panels import index_url_for

    assert index_url_for(SellerApplication) == reverse("seller_applications:index")
