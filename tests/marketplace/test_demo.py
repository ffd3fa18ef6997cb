import types

import pytest
import wagtail_factories

from wagtail.models import Page

from marketplace.products import Certificate, ProductImage, ProductPage, StockRecord
from marketplace.sellers import SellerPage
from marketplace.taxonomy import Category, Region, Sector
from pasarlokal.core.phone import normalise_whatsapp
from pasarlokal.demo import marketplace as demo
from pasarlokal.demo.data import PRODUCTS, SELLERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def fast_images(monkeypatch):
    """One stored image stands in for the generated artwork (drawing 150 PNGs is slow)."""
    image = wagtail_factories.ImageFactory()
    monkeypatch.setattr(demo, "demo_image", lambda *args, **kwargs: image)
    return image


def seed(home, products=0):
    ctx = types.SimpleNamespace(home=home, options={"products": products}, log=lambda msg: None)
    demo.seed(ctx)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Sector,
            Category,
            Region,
            SellerPage,
            ProductPage,
            StockRecord,
            ProductImage,
            Certificate,
        )
    }


def test_demo_catalogue_is_complete_idempotent_and_scales(client, home_page, fast_images):
    seed(home_page, products=25)
    first = counts()
    assert first["Sector"] == 6
    assert first["Region"] == 10
    assert sorted(Region.objects.values_list("code", flat=True))[0] == "52.01"
    assert set(Region.objects.values_list("code", flat=True)) >= {"52.71", "52.72"}
    assert first["SellerPage"] == len(SELLERS) >= 20
    demo_products = sum(len(rows) for rows in PRODUCTS.values())
    assert demo_products >= 110
    assert first["ProductPage"] == demo_products + 25
    # Every region has a seller and every sector has products.
    assert set(SellerPage.objects.values_list("region__code", flat=True)) == set(
        Region.objects.values_list("code", flat=True)
    )
    assert not Sector.objects.exclude(categories__products__isnull=False).exists()
    # WhatsApp numbers are valid mobile numbers, stored normalised.
    for number in SellerPage.objects.values_list("whatsapp", flat=True):
        assert normalise_whatsapp(number) == number
    # One demo certificate has expired (and so shows no badge).
    assert Certificate.objects.exclude(pk__in=Certificate.objects.current()).count() == 1

    seed(home_page, products=25)
    assert counts() == first  # a second run adds nothing

    # The bulk-inserted tree is sound and its pages work.
    assert Page.find_problems() == ([], [], [], [], [])
    synthetic = ProductPage.objects.filter(slug__startswith=demo.SYNTHETIC_SLUG_PREFIX)
    assert synthetic.count() == 25
    assert synthetic.values("seller").distinct().count() > 10
    assert synthetic.values("category__sector").distinct().count() == 6
    product = synthetic.first()
    assert client.get(product.url).status_code == 200
    catalogue = client.get("/katalog/")
    assert catalogue.context["total"] == demo_products + 25
    assert client.get("/katalog/", {"sektor": "ekonomi-kreatif"}).status_code == 200
    assert client.get("/penjual/").status_code == 200
