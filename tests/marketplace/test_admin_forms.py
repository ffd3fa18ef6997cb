import pytest

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from marketplace.products import ProductPage, StockRecord
from marketplace.sellers import SellerPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.com", "pw-123-long")
    client.force_login(user)
    return client


def test_editor_creates_a_product_with_price_and_stock(editor_client, shop):
    data = nested_form_data(
        {
            "title": "Kopi Tambora Honey",
            "slug": "kopi-tambora-honey",
            "summary": "Proses honey",
            "category": shop.coffee.pk,
            "price": "95000",
            "unit": "bungkus",
            "stock_quantity": "12",
            "minimum_order": "1",
            "sells_online": "on",
            "description": rich_text("<p>Manis</p>"),
            "gallery_images": inline_formset([]),
            "tags": "kopi, tambora",
            "action-publish": "publish",
        }
    )
    response = editor_client.post(
        f"/admin/pages/add/marketplace/productpage/{shop.coffee_seller.pk}/", data
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    product = ProductPage.objects.get(slug="kopi-tambora-honey")
    assert product.live
    assert product.seller_id == shop.coffee_seller.pk
    assert product.origin_region == shop.dompu  # defaults to the seller's region
    stock = StockRecord.objects.get(product=product)
    assert (stock.price, stock.quantity, stock.sells_online) == (95_000, 12, True)


def test_seller_form_normalises_whatsapp_and_reports_bad_numbers(editor_client, shop):
    seller = shop.coffee_seller

    def post(number):
        data = nested_form_data(
            {
                "title": seller.title,
                "slug": seller.slug,
                "owner_name": "Ahmad",
                "story": rich_text("<p>Kopi</p>"),
                "region": shop.dompu.pk,
                "whatsapp": number,
                "shipping_fee": "0",
                "photos": inline_formset([]),
                "action-publish": "publish",
            }
        )
        return editor_client.post(f"/admin/pages/{seller.pk}/edit/", data)

    assert post("+62 812-3700-1000").status_code == 302
    assert SellerPage.objects.get(pk=seller.pk).whatsapp == "6281237001000"
    response = post("0370 632 713")
    assert response.status_code == 200
    assert "whatsapp" in response.context["form"].errors


def test_editor_can_preview_a_new_product(editor_client, shop):
    data = nested_form_data(
        {
            "title": "Kopi Pratinjau",
            "slug": "kopi-pratinjau",
            "category": shop.coffee.pk,
            "price": "50000",
            "unit": "pcs",
            "stock_quantity": "1",
            "minimum_order": "1",
            "description": rich_text("<p>Belum terbit</p>"),
            "gallery_images": inline_formset([]),
            "tags": "",
        }
    )
    url = f"/admin/pages/add/marketplace/productpage/{shop.coffee_seller.pk}/preview/"
    assert editor_client.post(url, data).json()["is_valid"]
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "Kopi Pratinjau" in response.content.decode()
