"""The seller's "Sizes & colours" screen, reached from "Stok & harga" (issue #14)."""

import pytest

from django.urls import reverse

from marketplace.products import StockRecord
from marketplace.variants import ProductVariant, reserve_variant_stock, set_variants

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller_client(client, seller_a):
    client.force_login(seller_a["user"])
    return client


def url(product):
    return reverse("sellerportal_variants", args=[product.pk])


def rows_data(rows, extra=0):
    """POST data for the formset: rows of (variant or None, kind, label, quantity, price, delete)."""
    data = {
        "form-TOTAL_FORMS": str(len(rows) + extra),
        "form-INITIAL_FORMS": str(sum(1 for row in rows if row[0] is not None)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, (variant, kind, label, quantity, price, delete) in enumerate(rows):
        if variant is not None:
            data[f"form-{i}-id"] = str(variant.pk)
            data[f"form-{i}-loaded_quantity"] = str(variant.quantity)
        data[f"form-{i}-kind"] = kind
        data[f"form-{i}-label"] = label
        data[f"form-{i}-quantity"] = str(quantity)
        data[f"form-{i}-price"] = price
        data[f"form-{i}-sku"] = ""
        data[f"form-{i}-sort_order"] = str(i)
        if delete:
            data[f"form-{i}-DELETE"] = "on"
    for j in range(len(rows), len(rows) + extra):
        # An untouched extra row, as the browser sends it.
        data[f"form-{j}-kind"] = "size"
        data[f"form-{j}-label"] = ""
        data[f"form-{j}-quantity"] = "0"
        data[f"form-{j}-price"] = ""
        data[f"form-{j}-sku"] = ""
        data[f"form-{j}-sort_order"] = "0"
    return data


def test_seller_adds_sizes_with_rupiah_prices(seller_client, seller_a):
    product = seller_a["product"]
    response = seller_client.post(
        url(product),
        rows_data(
            [
                (None, "size", "M", 4, "", False),
                (None, "size", "XL", 2, "2.750.000", False),
            ],
            extra=1,
        ),
    )
    assert response.status_code == 302
    variants = {v.label: v for v in ProductVariant.objects.filter(product=product)}
    assert (variants["M"].quantity, variants["M"].price) == (4, None)
    assert (variants["XL"].quantity, variants["XL"].price) == (2, 2_750_000)
    record = StockRecord.objects.get(product=product)
    assert record.quantity == 6 and record.variant_count == 2


def test_seller_edits_stock_and_price_and_deletes_a_size(seller_client, seller_a):
    product = seller_a["product"]
    medium, large = set_variants(
        product,
        [
            {"kind": "size", "label": "M", "quantity": 4},
            {"kind": "size", "label": "L", "quantity": 3},
        ],
    )
    response = seller_client.post(
        url(product),
        rows_data(
            [
                (medium, "size", "M", 7, "Rp 1.250.000", False),
                (large, "size", "L", 3, "", True),
            ]
        ),
    )
    assert response.status_code == 302
    medium.refresh_from_db()
    assert (medium.quantity, medium.price) == (7, 1_250_000)
    assert not ProductVariant.objects.filter(pk=large.pk).exists()
    assert StockRecord.objects.get(product=product).quantity == 7


def test_a_reservation_meanwhile_is_not_overwritten(seller_client, seller_a):
    product = seller_a["product"]
    (medium,) = set_variants(product, [{"kind": "size", "label": "M", "quantity": 4}])
    data = rows_data([(medium, "size", "M", 9, "", False)])  # loaded with 4
    assert reserve_variant_stock(product.pk, medium.pk, 1)  # a shopper takes one meanwhile
    response = seller_client.post(url(product), data)
    assert response.status_code == 400
    assert "Stok berubah" in response.content.decode()
    medium.refresh_from_db()
    assert medium.quantity == 3 and StockRecord.objects.get(product=product).quantity == 3


@pytest.mark.parametrize(
    "row, message",
    [
        ((None, "size", "M", -1, "", False), "Stok tidak boleh negatif."),
        ((None, "size", "M", 1, "2,5", False), "2.750.000"),
        ((None, "size", "", 3, "", False), "Beri nama ukuran atau warna"),
    ],
)
def test_bad_rows_re_render_with_errors(seller_client, seller_a, row, message):
    product = seller_a["product"]
    response = seller_client.post(url(product), rows_data([row]))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProductVariant.objects.filter(product=product).exists()


def test_duplicate_labels_are_refused(seller_client, seller_a):
    product = seller_a["product"]
    response = seller_client.post(
        url(product),
        rows_data([(None, "size", "M", 1, "", False), (None, "size", "m", 2, "", False)]),
    )
    assert response.status_code == 400
    assert not ProductVariant.objects.filter(product=product).exists()


def test_stock_screen_links_to_sizes_and_leaves_their_sum_alone(seller_client, seller_a):
    product = seller_a["product"]
    set_variants(product, [{"kind": "size", "label": "M", "quantity": 4}])
    body = seller_client.get(reverse("sellerportal_stock")).content.decode()
    assert url(product) in body and "1 ukuran/warna" in body
    # The product row's stock cannot overwrite the sizes' sum (price still saves).
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-product_id": str(product.pk),
        "form-0-loaded_quantity": "4",
        "form-0-quantity": "50",
        "form-0-price": "99.000",
        "form-0-sells_online": "on",
    }
    seller_client.post(reverse("sellerportal_stock"), data)
    record = StockRecord.objects.get(product=product)
    assert (record.quantity, record.price) == (4, 99_000)


def test_a_seller_never_sees_or_edits_another_sellers_variants(seller_client, seller_a, seller_b):
    theirs = seller_b["product"]
    (secret,) = set_variants(
        theirs, [{"kind": "colour", "label": "Warna Rahasia B", "quantity": 5}]
    )
    assert seller_client.get(url(theirs)).status_code == 404
    response = seller_client.post(
        url(theirs), rows_data([(secret, "colour", "Dicuri", 0, "", False)])
    )
    assert response.status_code == 404
    secret.refresh_from_db()
    assert (secret.label, secret.quantity) == ("Warna Rahasia B", 5)
    for page in (reverse("sellerportal_stock"), url(seller_a["product"])):
        body = seller_client.get(page).content.decode()
        assert "Warna Rahasia B" not in body and "Gerabah Bravo" not in body


def test_editors_see_and_edit_every_sellers_variants(client, editor, seller_b):
    theirs = seller_b["product"]
    set_variants(theirs, [{"kind": "colour", "label": "Hijau botol", "quantity": 5}])
    client.force_login(editor)
    body = client.get(url(theirs)).content.decode()
    assert "Hijau botol" in body
