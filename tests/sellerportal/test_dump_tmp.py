import pytest
from django.urls import reverse
from wagtail.models import TaskState

from .test_workflow_and_stock import add_product_as_seller

@pytest.mark.django_db
def test_dump(client, seller_a, editor):
    seller, product, image, doc = seller_a["seller"], seller_a["product"], seller_a["image"], seller_a["document"]
    client.force_login(seller_a["user"])
    p2 = add_product_as_seller(client, seller)
    screens = {
        "home": reverse("wagtailadmin_home"),
        "explore": reverse("wagtailadmin_explore", args=[seller.pk]),
        "edit_product": reverse("wagtailadmin_pages:edit", args=[product.pk]),
        "edit_inmod": reverse("wagtailadmin_pages:edit", args=[p2.pk]),
        "add_product": reverse("wagtailadmin_pages:add", args=["marketplace", "productpage", seller.pk]),
        "edit_seller": reverse("wagtailadmin_pages:edit", args=[seller.pk]),
        "images": reverse("wagtailimages:index"),
        "image_add": reverse("wagtailimages:add_multiple"),
        "image_edit": reverse("wagtailimages:edit", args=[image.pk]),
        "image_chooser": reverse("wagtailimages_chooser:choose"),
        "docs": reverse("wagtaildocs:index"),
        "doc_chooser": reverse("wagtaildocs_chooser:choose"),
        "stock": reverse("sellerportal_stock"),
        "account": reverse("wagtailadmin_account"),
        "history": reverse("wagtailadmin_pages:history", args=[product.pk]),
        "page_chooser": reverse("wagtailadmin_choose_page_child", args=[seller.pk]),
    }
    for name, url in screens.items():
        r = client.get(url)
        assert r.status_code == 200, (name, r.status_code)
        open(f"/tmp/screens7/{name}.html", "w").write(r.content.decode())
    client.logout()
    for name, url in {"login": reverse("wagtailadmin_login"), "password_reset": reverse("wagtailadmin_password_reset"),
                      "password_reset_done": reverse("wagtailadmin_password_reset_done")}.items():
        r = client.get(url)
        open(f"/tmp/screens7/{name}.html", "w").write(r.content.decode())
