"""Renditions are made when a photo is uploaded or its product published, not on first view."""

import pytest

from marketplace.signals import PRODUCT_PHOTO_SPECS
from tests.factories import ProductImageFactory

pytestmark = pytest.mark.django_db


def test_publishing_a_product_makes_its_photo_renditions(shop, django_capture_on_commit_callbacks):
    product = shop.add_product(title="Kopi Robusta Tambora", slug="kopi-robusta")
    with django_capture_on_commit_callbacks(execute=True):
        photo = ProductImageFactory(product=product, alt_text="Biji kopi")
        photo.image.renditions.all().delete()  # as if uploaded before this feature
        product.save_revision().publish()
    made = set(photo.image.renditions.values_list("filter_spec", flat=True))
    assert set(PRODUCT_PHOTO_SPECS) <= made
    assert any("avif" in spec for spec in made)


def test_the_first_shopper_does_not_wait_for_renditions(
    client, shop, django_capture_on_commit_callbacks, settings
):
    settings.PAGE_CACHE_ENABLED = False
    product = shop.add_product(title="Kopi Robusta Tambora", slug="kopi-robusta")
    with django_capture_on_commit_callbacks(execute=True):
        photo = ProductImageFactory(product=product, alt_text="Biji kopi")
        product.save_revision().publish()
    before = set(photo.image.renditions.values_list("filter_spec", flat=True))
    assert client.get(product.url).status_code == 200
    assert client.get("/katalog/").status_code == 200
    after = set(photo.image.renditions.values_list("filter_spec", flat=True))
    assert after - before == set()
