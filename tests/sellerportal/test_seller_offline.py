"""A storefront taken offline takes its products with it, whatever the editor ticks."""

import pytest

from wagtail.models import PageLogEntry

from marketplace.products import ProductPage

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("catalogue")
def test_unpublishing_a_storefront_takes_its_products_offline(client, seller_a, seller_b, editor):
    product = seller_a["product"]
    secret = product.title
    other = seller_b["product"]
    assert client.get(product.url).status_code == 200
    assert secret in client.get("/katalog/").content.decode()

    staff = client.__class__()
    staff.force_login(editor)
    # The editor's own confirmation form, leaving "unpublish the child pages too" unticked.
    response = staff.post(f"/admin/pages/{seller_a['seller'].pk}/unpublish/", {})
    assert response.status_code == 302

    product.refresh_from_db()
    assert not product.live
    assert PageLogEntry.objects.filter(page=product, action="wagtail.unpublish").exists()
    assert client.get(product.url).status_code == 404
    for url in ("/katalog/", "/cari/?q=Produk+Rahasia", "/katalog/?q=Produk+Rahasia"):
        body = client.get(url).content.decode()
        assert secret not in body, url
    # The other seller is untouched.
    assert ProductPage.objects.get(pk=other.pk).live
    assert other.title in client.get("/katalog/").content.decode()


@pytest.mark.usefixtures("catalogue")
def test_a_live_product_under_an_offline_storefront_is_not_served(client, seller_a):
    """Pages left live under an unpublished storefront (before this rule, or by a bulk edit that
    bypassed signals) are still not served at their address."""
    seller = seller_a["seller"]
    type(seller).objects.filter(pk=seller.pk).update(live=False)
    product = seller_a["product"]
    assert ProductPage.objects.get(pk=product.pk).live
    response = client.get(product.url)
    assert response.status_code == 404
    assert product.title not in response.content.decode()
