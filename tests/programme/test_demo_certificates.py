"""The demo's programme puts the food licences it issues (P-IRT, halal, BPOM) on food products,
so a culinary product shows its Halal/P-IRT badge (they had landed on a songket and a bag)."""

import types

import pytest

from marketplace.products import Certificate
from pasarlokal.demo import programme
from pasarlokal.demo.marketplace import SHELF_LIFE
from tests.marketplace.test_demo import fast_images, seed  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_food_licences_land_on_food_products_and_show_as_badges(client, home_page, fast_images):  # noqa: F811
    seed(home_page)
    programme.seed(types.SimpleNamespace(log=lambda message: None, options={}, credentials=[]))
    issued_numbers = [row[5] for row in programme.REQUESTS if row[1] in {"pirt", "halal", "bpom"}]
    food_certificates = Certificate.objects.filter(
        number__in=[number for number in issued_numbers if number]
    ).select_related("product__category", "certification_type")
    assert food_certificates.exists()
    for certificate in food_certificates:
        assert certificate.product.category.slug in SHELF_LIFE, certificate
    issued = food_certificates.filter(pk__in=Certificate.objects.current()).first()
    body = client.get(issued.product.url).content.decode()
    assert f">{issued.certification_type.short_label}" in body
