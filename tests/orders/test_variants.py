"""Sizes and colours in the cart, at checkout and in the order's life (issue #14)."""

from urllib.parse import unquote

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from marketplace.orders import emails
from marketplace.orders.cart import CartLine, SellerGroup
from marketplace.orders.checkout import place_order
from marketplace.orders.lifecycle import cancel_order
from marketplace.orders.models import Order, OrderLine
from marketplace.products import ProductPage, StockRecord, reserve_stock
from marketplace.variants import (
    ProductVariant,
    release_variant_stock,
    reserve_variant_stock,
    set_variants,
)
from tests.factories import ProductPageFactory

from .conftest import add_to_cart, checkout_data
from .test_admin import editor_account, seller_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def sized(shop):
    """The songket in S (2 left), M (1 left) and XL (none left, Rp175.000)."""
    variants = set_variants(
        shop.songket,
        [
            {"kind": "size", "label": "S", "quantity": 2},
            {"kind": "size", "label": "M", "quantity": 1},
            {"kind": "size", "label": "XL", "quantity": 0, "price": 175000},
        ],
    )
    return {v.label: v for v in variants}


def stock_of(product):
    return StockRecord.objects.get(product=product).quantity


def quantities(variants):
    return {
        v.label: v.quantity for v in ProductVariant.objects.filter(pk__in=[v.pk for v in variants])
    }


# --- Stock rules -------------------------------------------------------------------------


def test_the_product_stock_is_the_sum_of_its_variants(shop, sized):
    # The songket had 5 of its own; with sizes its stock is theirs: 2 + 1 + 0.
    assert stock_of(shop.songket) == 3
    assert StockRecord.objects.get(product=shop.songket).variant_count == 3


def test_reserve_per_variant_never_goes_negative(shop, sized):
    m = sized["M"]
    assert reserve_variant_stock(shop.songket.pk, m.pk, 1)
    assert not reserve_variant_stock(shop.songket.pk, m.pk, 1)
    assert not reserve_variant_stock(shop.songket.pk, sized["S"].pk, 3)
    assert quantities(sized.values()) == {"S": 2, "M": 0, "XL": 0}
    assert stock_of(shop.songket) == 2
    release_variant_stock(shop.songket.pk, m.pk, 1)
    assert quantities([m]) == {"M": 1} and stock_of(shop.songket) == 3


def test_a_variant_of_another_product_cannot_be_reserved(shop, sized):
    assert not reserve_variant_stock(shop.scarf.pk, sized["S"].pk, 1)
    assert quantities([sized["S"]]) == {"S": 2}
    assert stock_of(shop.scarf) == 10


def test_a_sold_out_product_with_sizes_is_out_of_stock_everywhere(client, shop, sized):
    for variant in sized.values():
        if variant.quantity:
            assert reserve_variant_stock(shop.songket.pk, variant.pk, variant.quantity)
    product = ProductPage.objects.select_related("stock").get(pk=shop.songket.pk)
    assert not product.in_stock and not product.is_buyable
    body = client.get(shop.songket.url).content.decode()
    assert "Stok habis" in body or "Out of stock" in body
    assert 'name="variant"' not in body  # no buy form at all


# --- Cart -----------------------------------------------------------------------------


def test_add_with_a_size_and_two_sizes_make_two_lines(client, shop, sized):
    client.post("/keranjang/tambah/", {"product": shop.songket.pk, "variant": sized["S"].pk})
    client.post("/keranjang/tambah/", {"product": shop.songket.pk, "variant": sized["M"].pk})
    body = client.get("/keranjang/").content.decode()
    assert "Songket Subahnale — Ukuran: S" in body
    assert "Songket Subahnale — Ukuran: M" in body
    assert client.session["cart"] == {
        f"{shop.songket.pk}:{sized['S'].pk}": 1,
        f"{shop.songket.pk}:{sized['M'].pk}": 1,
    }


def test_adding_without_choosing_a_size_goes_back_with_an_error(client, shop, sized):
    response = add_to_cart(client, shop.songket, 1)
    assert response.status_code == 302 and response.url.startswith(shop.songket.url)
    page = client.get(response.url).content.decode()
    assert "Pilih ukuran atau warna terlebih dahulu." in page
    assert not client.session.get("cart")


@pytest.mark.parametrize("which", ["other product", "unknown", "sold out"])
def test_a_foreign_unknown_or_sold_out_variant_is_refused(client, shop, sized, which):
    other = set_variants(shop.scarf, [{"kind": "colour", "label": "Merah", "quantity": 4}])[0]
    variant = {"other product": other.pk, "unknown": 999999, "sold out": sized["XL"].pk}[which]
    response = client.post("/keranjang/tambah/", {"product": shop.songket.pk, "variant": variant})
    assert response.status_code == 302 and response.url.startswith(shop.songket.url)
    assert not client.session.get("cart")
    page = client.get(response.url).content.decode()
    assert "message--error" in page


def test_quantity_is_capped_by_the_variant_stock(client, shop, sized):
    client.post(
        "/keranjang/tambah/",
        {"product": shop.songket.pk, "variant": sized["M"].pk, "quantity": 4},
    )
    assert client.session["cart"] == {f"{shop.songket.pk}:{sized['M'].pk}": 1}


def test_own_variant_price_is_charged(client, shop, sized):
    ProductVariant.objects.filter(pk=sized["XL"].pk).update(quantity=2)
    client.post("/keranjang/tambah/", {"product": shop.songket.pk, "variant": sized["XL"].pk})
    body = client.get("/keranjang/").content.decode()
    assert "Rp175.000" in body


def test_cart_update_and_remove_one_size(client, shop, sized):
    client.post("/keranjang/tambah/", {"product": shop.songket.pk, "variant": sized["S"].pk})
    client.post("/keranjang/tambah/", {"product": shop.songket.pk, "variant": sized["M"].pk})
    client.post(
        "/keranjang/ubah/",
        {"product": shop.songket.pk, "variant": sized["S"].pk, "quantity": 2},
    )
    client.post(
        "/keranjang/ubah/", {"product": shop.songket.pk, "variant": sized["M"].pk, "remove": 1}
    )
    assert client.session["cart"] == {f"{shop.songket.pk}:{sized['S'].pk}": 2}


def test_whatsapp_message_names_the_variant(client, shop, sized):
    colour = set_variants(shop.coffee, [{"kind": "colour", "label": "Hijau botol", "quantity": 3}])
    client.post("/keranjang/tambah/", {"product": shop.coffee.pk, "variant": colour[0].pk})
    response = client.post(f"/keranjang/whatsapp/{shop.offline.pk}/", {"name": "Baiq"})
    assert response.status_code == 303
    message = unquote(response.url)
    assert "1 × Kopi Arabika — Warna: Hijau botol @ Rp60.000" in message


def test_a_deleted_size_leaves_the_cart_with_a_notice(client, shop, sized):
    client.post("/keranjang/tambah/", {"product": shop.songket.pk, "variant": sized["S"].pk})
    set_variants(shop.songket, [{"kind": "size", "label": "M", "quantity": 1}])
    body = client.get("/keranjang/").content.decode()
    assert "tidak tersedia lagi" in body
    assert not client.session["cart"]


# --- Checkout and the order's life ---------------------------------------------------------


def test_checkout_records_the_variant_and_holds_its_stock(client, shop, sized, stripe_on):
    client.post("/keranjang/tambah/", {"product": shop.songket.pk, "variant": sized["S"].pk})
    response = client.post("/keranjang/checkout/", checkout_data(shop.online))
    assert response.status_code == 303
    line = OrderLine.objects.get()
    assert line.variant == sized["S"] and line.variant_label == "Ukuran: S"
    assert line.display_name == "Songket Subahnale — Ukuran: S"
    assert quantities(sized.values()) == {"S": 1, "M": 1, "XL": 0}
    assert stock_of(shop.songket) == 2


def test_expiry_gives_the_variant_its_stock_back(shop, sized, stripe_on):
    order = _order_for(shop, sized["M"])
    assert quantities([sized["M"]]) == {"M": 0}
    cancel_order(order, reason="expired")
    assert quantities(sized.values()) == {"S": 2, "M": 1, "XL": 0}
    assert stock_of(shop.songket) == 3


def test_payment_failure_gives_the_variant_its_stock_back(client, shop, sized, stripe_on):
    client.post("/keranjang/tambah/", {"product": shop.songket.pk, "variant": sized["M"].pk})
    stripe_on.fail_next_create = "500"
    response = client.post("/keranjang/checkout/", checkout_data(shop.online), follow=True)
    assert "message--error" in response.content.decode()
    assert Order.objects.get().status == Order.Status.CANCELLED
    assert quantities(sized.values()) == {"S": 2, "M": 1, "XL": 0}
    assert stock_of(shop.songket) == 3
    # The shopper keeps their cart, size and all.
    assert client.session["cart"] == {f"{shop.songket.pk}:{sized['M'].pk}": 1}


def test_a_variant_deleted_while_ordered_is_not_given_back(shop, sized, stripe_on):
    order = _order_for(shop, sized["M"])
    set_variants(shop.songket, [{"kind": "size", "label": "S", "quantity": 2}])
    cancel_order(order, reason="expired")
    line = order.lines.get()
    assert line.variant is None and line.display_name == "Songket Subahnale — Ukuran: M"
    assert stock_of(shop.songket) == 2


def test_a_product_without_variants_still_reserves_its_own_stock(shop):
    assert reserve_stock(shop.scarf.pk, 10) and not reserve_stock(shop.scarf.pk, 1)


def test_a_product_with_variants_is_never_reserved_whole(shop, sized):
    assert not reserve_stock(shop.songket.pk, 1)
    assert stock_of(shop.songket) == 3


def test_an_order_from_before_the_sizes_gives_nothing_back_to_their_sum(shop, stripe_on):
    before = _order_for(shop, None)  # the songket bought whole, then it got sizes
    set_variants(shop.songket, [{"kind": "size", "label": "M", "quantity": 2}])
    cancel_order(before, reason="expired")
    assert stock_of(shop.songket) == 2


def test_order_emails_name_the_variant(client, shop, sized, stripe_on):
    order = _order_for(shop, sized["S"])
    emails.send_order_paid(order.pk)
    assert any("Songket Subahnale — Ukuran: S" in m.body for m in mail.outbox)


def _order_for(shop, variant):
    product = ProductPage.objects.select_related("stock", "seller").get(pk=shop.songket.pk)
    if variant is not None:
        variant.refresh_from_db()
    group = SellerGroup(seller=product.seller, lines=[CartLine(product, 1, variant)])
    customer = {"name": "Baiq", "email": "baiq@example.com", "phone": ""}
    return place_order([group], customer, {product.seller.pk: {"method": "ship"}}, "id", address={})


@pytest.mark.parametrize("size", [3, 20])  # two lines each, under the cart's 50 lines
def test_cart_page_with_sizes_keeps_a_constant_query_count(
    client, shop, size, django_assert_num_queries
):
    for index in range(size):
        product = ProductPageFactory(parent=shop.online, stock__quantity=50)
        small, large = set_variants(
            product,
            [
                {"kind": "size", "label": "S", "quantity": 5},
                {"kind": "size", "label": "L", "quantity": 5, "price": 90000 + index},
            ],
        )
        for variant in (small, large):
            client.post("/keranjang/tambah/", {"product": product.pk, "variant": variant.pk})
    client.get("/keranjang/")
    # The six of a cart without sizes (see test_cart.py), and one for the chosen variants.
    with django_assert_num_queries(7):
        response = client.get("/keranjang/")
    assert response.status_code == 200
    assert response.content.decode().count("— Ukuran: L</a>") == size


def test_product_editor_leaves_the_sizes_sum_alone(client, shop, sized):
    editor = get_user_model().objects.create_user(username="editor", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    edit = f"/admin/pages/{shop.songket.pk}/edit/"
    body = client.get(edit).content.decode()
    assert "Jumlah stok semua ukuran atau warnanya" in body
    assert stock_of(shop.songket) == 3


def test_order_pages_and_admin_name_the_variant(client, django_user_model, shop, sized, stripe_on):
    order = _order_for(shop, sized["S"])
    Order.objects.filter(pk=order.pk).update(status=Order.Status.PAID)
    wanted = "Songket Subahnale — Ukuran: S"
    assert wanted in client.get(f"/pesanan/{order.access_token}/").content.decode()
    delivery = order.deliveries.get()
    client.force_login(seller_account(django_user_model, "tenun", shop.online))
    assert wanted in client.get(f"/admin/orders/seller/inspect/{delivery.pk}/").content.decode()
    client.force_login(editor_account(django_user_model, "editor"))
    assert wanted in client.get(f"/admin/orders/all/inspect/{order.pk}/").content.decode()
