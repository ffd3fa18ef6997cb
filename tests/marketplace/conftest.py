"""A small catalogue for the marketplace tests: two sectors, three regions, two sellers."""

import datetime
import itertools

import pytest

from django.utils import timezone

from wagtail.models import Locale

from marketplace.translations import translate_page
from tests.factories import (
    CatalogueIndexPageFactory,
    CategoryFactory,
    CertificateFactory,
    CertificationTypeFactory,
    ProductImageFactory,
    ProductPageFactory,
    RegionFactory,
    SectorFactory,
    SellerIndexPageFactory,
    SellerPageFactory,
)

_published = itertools.count(1)


class Catalogue:
    """Handles on the test catalogue, plus `add_product` to grow it."""

    def __init__(self, home):
        self.home = home
        self.catalogue = CatalogueIndexPageFactory(parent=home)
        self.directory = SellerIndexPageFactory(parent=home)
        self.food = SectorFactory(name="Pangan", slug="pangan", description="Makanan olahan IKM.")
        self.craft = SectorFactory(
            name="Ekonomi Kreatif", slug="ekonomi-kreatif", description="Tenun, gerabah dan kriya."
        )
        self.coffee = CategoryFactory(sector=self.food, name="Kopi", slug="kopi")
        self.honey = CategoryFactory(sector=self.food, name="Madu", slug="madu")
        self.weaving = CategoryFactory(sector=self.craft, name="Kriya dan Aneka", slug="kriya")
        self.dompu = RegionFactory(name="Dompu", slug="dompu", code="52.05")
        self.central = RegionFactory(name="Lombok Tengah", slug="lombok-tengah", code="52.02")
        self.sumbawa = RegionFactory(name="Sumbawa", slug="sumbawa", code="52.04")
        self.halal = CertificationTypeFactory(slug="halal")
        self.pirt = CertificationTypeFactory(
            name="SPP-IRT",
            short_label="P-IRT",
            slug="pirt",
            issuing_body="DPMPTSP",
            number_pattern=r"\d{13}-?\d{2}",
            number_example="1234567890123-45",
        )
        self.coffee_seller = SellerPageFactory(
            parent=self.directory,
            title="Kopi Tambora Kalabai",
            slug="kopi-tambora",
            region=self.dompu,
            sector=self.food,
            sells_online=True,
        )
        self.weaver = SellerPageFactory(
            parent=self.directory,
            title="Tenun Dharma Setia",
            slug="tenun-dharma-setia",
            region=self.central,
            sector=self.craft,
            sells_online=False,
        )

    def add_product(self, seller=None, category=None, price=150_000, quantity=10, **kwargs):
        seller = seller or self.coffee_seller
        published = timezone.now() - datetime.timedelta(hours=next(_published))
        stock = {
            "stock__price": price,
            "stock__quantity": quantity,
            "stock__sells_online": kwargs.pop("sells_online", True),
        }
        product = ProductPageFactory(
            parent=seller,
            category=category or self.coffee,
            first_published_at=kwargs.pop("first_published_at", published),
            **stock,
            **kwargs,
        )
        return product

    def add_photo(self, product):
        return ProductImageFactory(product=product, alt_text=f"Foto {product.title}")

    def add_certificate(
        self, product, cert_type=None, number="ID31110000123450923", days=365, **kw
    ):
        return CertificateFactory(
            product=product,
            certification_type=cert_type or self.halal,
            number=number,
            valid_until=timezone.localdate() + datetime.timedelta(days=days),
            **kw,
        )


@pytest.fixture
def shop(home_page):
    return Catalogue(home_page)


@pytest.fixture
def english(shop):
    """The home page, catalogue and seller directory translated; one coffee product translated,
    one (the honey) left in Indonesian only."""
    Locale.objects.get_or_create(language_code="en")
    translate_page(shop.home, "en", {"title": "Home", "hero_heading": "Proud to buy local"})
    translate_page(shop.catalogue, "en", {"title": "Catalogue"})
    translate_page(shop.directory, "en", {"title": "Sellers"})
    shop.kopi = shop.add_product(title="Kopi Tambora Robusta", slug="kopi-tambora", quantity=1)
    shop.kopi.summary = "Kopi robusta dari lereng Tambora."
    shop.kopi.save()
    shop.kopi_en = translate_page(
        shop.kopi,
        "en",
        {
            "title": "Tambora Robusta Coffee",
            "summary": "Robusta coffee from the slopes of Mount Tambora.",
            "description": "<p>Grown at 800 m and sun-dried by the Kalabai farmers.</p>",
        },
    )
    shop.madu = shop.add_product(title="Madu Hutan Sumbawa", slug="madu-hutan", category=shop.honey)
    return shop
