"""Lost update: a seller opens "Stok & harga" or the product editor, a shopper reserves units
meanwhile, the seller saves. The reservation must survive: an unchanged stock figure is not
written back, and a changed one is a compare-and-set on the figure the seller saw."""

import re

import pytest

from django.urls import reverse

from marketplace.products import StockRecord, reserve_stock

pytestmark = pytest.mark.django_db


def stock(product):
    return StockRecord.objects.get(product_id=product.pk)


def rendered_inputs(html):
    """name → value of every <input> the page rendered (what a browser would post back)."""
    values = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if kind and kind.group(1) == "checkbox":
            if "checked" in tag:
                values[name.group(1)] = "on"
            continue
        values[name.group(1)] = value.group(1) if value else ""
    return values


def load_stock_screen(client):
    html = client.get(reverse("sellerportal_stock")).content.decode()
    data = rendered_inputs(html)
    data.pop("q", None)
    return data


def test_stock_screen_price_change_keeps_a_reservation_taken_meanwhile(client, seller_a):
    client.force_login(seller_a["user"])
    product = seller_a["product"]
    assert stock(product).quantity == 10
    data = load_stock_screen(client)
    assert reserve_stock(product.pk, 3)  # a shopper checks out while the seller types
    data["form-0-price"] = "175000"
    response = client.post(reverse("sellerportal_stock"), data)
    assert response.status_code == 302
    record = stock(product)
    assert (record.quantity, record.price) == (7, 175000)


def test_stock_screen_changed_figure_is_refused_when_stock_moved(client, seller_a):
    client.force_login(seller_a["user"])
    product = seller_a["product"]
    data = load_stock_screen(client)
    assert reserve_stock(product.pk, 3)
    data["form-0-quantity"] = "15"
    data["form-0-price"] = "175000"
    response = client.post(reverse("sellerportal_stock"), data)
    assert response.status_code == 400
    page = response.content.decode()
    # Indonesian is the admin's default language.
    assert "Stok berubah sejak Anda membuka halaman ini — sekarang 7" in page
    record = stock(product)
    assert (record.quantity, record.price) == (7, 150000)  # nothing saved, nothing lost
    # Saving again from the re-rendered page (which now knows 7) sets the new figure.
    again = rendered_inputs(page)
    again.pop("q", None)
    assert again["form-0-quantity"] == "15"
    response = client.post(reverse("sellerportal_stock"), again)
    assert response.status_code == 302
    assert stock(product).quantity == 15


def test_stock_screen_change_without_interference_is_saved(client, seller_a):
    client.force_login(seller_a["user"])
    data = load_stock_screen(client)
    data["form-0-quantity"] = "4"
    assert client.post(reverse("sellerportal_stock"), data).status_code == 302
    assert stock(seller_a["product"]).quantity == 4


def product_form_data(product, quantity, loaded):
    return {
        "title": product.title,
        "slug": product.slug,
        "summary": "",
        "category": product.category_id,
        "unit": "lembar",
        "minimum_order": 1,
        "price": 150000,
        "stock_quantity": quantity,
        "stock_loaded": loaded,
        "max_per_order": 20,
        "sells_online": "on",
        "materials": "",
        "tags": "",
        "gallery_images-TOTAL_FORMS": 0,
        "gallery_images-INITIAL_FORMS": 0,
        "gallery_images-MIN_NUM_FORMS": 0,
        "gallery_images-MAX_NUM_FORMS": 10,
    }


def loaded_figure(client, product):
    html = client.get(reverse("wagtailadmin_pages:edit", args=[product.pk])).content.decode()
    inputs = rendered_inputs(html)
    assert inputs["stock_quantity"] == "10"
    return inputs["stock_loaded"]


def test_product_editor_save_keeps_a_reservation_taken_meanwhile(client, seller_a):
    client.force_login(seller_a["user"])
    product = seller_a["product"]
    loaded = loaded_figure(client, product)
    assert reserve_stock(product.pk, 3)
    url = reverse("wagtailadmin_pages:edit", args=[product.pk])
    response = client.post(url, product_form_data(product, 10, loaded))
    assert response.status_code == 302, response.context["form"].errors
    assert stock(product).quantity == 7


def test_product_editor_changed_figure_is_refused_when_stock_moved(client, seller_a):
    client.force_login(seller_a["user"])
    product = seller_a["product"]
    loaded = loaded_figure(client, product)
    assert reserve_stock(product.pk, 3)
    url = reverse("wagtailadmin_pages:edit", args=[product.pk])
    response = client.post(url, product_form_data(product, 12, loaded))
    assert response.status_code == 200
    errors = response.context["form"].errors["stock_quantity"]
    assert "sekarang 7" in " ".join(errors)
    assert stock(product).quantity == 7
    # The re-rendered form carries the new figure, so saving again applies the seller's 12.
    inputs = rendered_inputs(response.content.decode())
    assert inputs["stock_loaded"] == "7"
    response = client.post(url, product_form_data(product, 12, inputs["stock_loaded"]))
    assert response.status_code == 302
    assert stock(product).quantity == 12
