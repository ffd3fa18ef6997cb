import types

import pytest
import wagtail_factories

from wagtail.models import Page

from marketplace.products import Certificate, ProductImage, ProductPage, StockRecord
from marketplace.sellers import SellerPage
from marketplace.taxonomy import Category, Region, Sector
from marketplace.variants import ProductVariant
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
    assert sorted(Region.objects.in_default_locale().values_list("code", flat=True))[0] == "52.01"
    assert set(Region.objects.in_default_locale().values_list("code", flat=True)) >= {
        "52.71",
        "52.72",
    }
    assert first["SellerPage"] == len(SELLERS) >= 20
    demo_products = sum(len(rows) for rows in PRODUCTS.values())
    assert demo_products >= 110
    assert first["ProductPage"] == demo_products + 25
    # Every region has a seller and every sector has products.
    assert set(SellerPage.objects.values_list("region__code", flat=True)) == set(
        Region.objects.in_default_locale().values_list("code", flat=True)
    )
    assert (
        not Sector.objects.in_default_locale().exclude(categories__products__isnull=False).exists()
    )
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


def test_demo_gives_sizes_to_busana_muslim_and_colours_to_some_crafts(
    client, home_page, fast_images
):
    seed(home_page)
    seed(home_page)  # idempotent: the sizes are made once
    sized = ProductPage.objects.filter(category__slug="busana-muslim").select_related("stock")
    assert sized.exists()
    for product in sized:
        labels = set(product.variants.filter(kind="size").values_list("label", flat=True))
        assert labels and labels <= {"S", "M", "L", "XL", "All size"}
        total = sum(product.variants.values_list("quantity", flat=True))
        assert product.stock.quantity == total  # the product's stock is its sizes' sum
    gamis = sized.get(title="Gamis Tenun Lombok Nurul")
    assert list(gamis.variants.values_list("label", "quantity")) == [
        ("S", 3),
        ("M", 5),
        ("L", 4),
        ("XL", 2),
    ]
    assert gamis.price_range == (385_000, 400_000)
    coloured = ProductPage.objects.filter(variants__kind="colour").distinct()
    assert coloured.count() >= 3
    assert ProductVariant.objects.filter(label="Hijau botol", kind="colour").exists()
    page = client.get(gamis.url).content.decode()
    assert 'name="variant"' in page and "Pilih ukuran" in page
