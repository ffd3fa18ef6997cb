"""Factories for the site's core models. Other areas keep theirs beside their tests."""

import datetime

import factory
import wagtail_factories

from django.utils import timezone
from django.utils.text import slugify

from home.models import HomePage
from marketplace.catalogue import CatalogueIndexPage
from marketplace.products import Certificate, ProductImage, ProductPage, StockRecord
from marketplace.sellers import SellerIndexPage, SellerPage
from marketplace.taxonomy import Category, CertificationType, Region, Sector


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Beranda"
    hero_heading = "Bangga pakai produk lokal"

    class Meta:
        model = HomePage


class SectorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Sektor {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))

    class Meta:
        model = Sector


class CategoryFactory(factory.django.DjangoModelFactory):
    sector = factory.SubFactory(SectorFactory)
    name = factory.Sequence(lambda n: f"Kategori {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))

    class Meta:
        model = Category


class RegionFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Kabupaten {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    code = factory.Sequence(lambda n: f"52.{n + 10:02d}")

    class Meta:
        model = Region


class CertificationTypeFactory(factory.django.DjangoModelFactory):
    name = "Sertifikat Halal"
    short_label = "Halal"
    slug = factory.Sequence(lambda n: f"halal-{n}")
    issuing_body = "BPJPH"
    number_pattern = r"ID\d{14,20}"
    number_example = "ID31110000123450923"

    class Meta:
        model = CertificationType


class CatalogueIndexPageFactory(wagtail_factories.PageFactory):
    title = "Katalog"
    slug = "katalog"
    show_in_menus = True

    class Meta:
        model = CatalogueIndexPage


class SellerIndexPageFactory(wagtail_factories.PageFactory):
    title = "Penjual"
    slug = "penjual"
    show_in_menus = True

    class Meta:
        model = SellerIndexPage


class SellerPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Tenun Sukarara {n}")
    owner_name = "Inaq Rahmah"
    region = factory.SubFactory(RegionFactory)
    whatsapp = "081234567890"
    sells_online = True
    shipping_fee = 25000

    class Meta:
        model = SellerPage


class ProductPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Songket Subahnale {n}")
    summary = "Kain songket tenun tangan"
    category = factory.SubFactory(CategoryFactory)

    class Meta:
        model = ProductPage

    @factory.post_generation
    def stock(obj, create, extracted, **kwargs):
        """ProductPageFactory(stock__quantity=5, stock__price=150000)."""
        if not create:
            return
        values = {"quantity": 10, "price": 150000, "sells_online": True}
        values.update(kwargs)
        StockRecord.objects.update_or_create(product_id=obj.pk, defaults=values)


class ProductImageFactory(factory.django.DjangoModelFactory):
    product = factory.SubFactory(ProductPageFactory)
    image = factory.SubFactory(wagtail_factories.ImageFactory)
    alt_text = "Foto produk"

    class Meta:
        model = ProductImage


class CertificateFactory(factory.django.DjangoModelFactory):
    product = factory.SubFactory(ProductPageFactory)
    certification_type = factory.SubFactory(CertificationTypeFactory)
    number = "ID31110000123450923"
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))

    class Meta:
        model = Certificate
