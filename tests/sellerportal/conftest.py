import pytest
from wagtail_factories import DocumentFactory, ImageFactory

from django.contrib.auth import get_user_model

from wagtail.documents.models import Document

from marketplace.sellerportal.setup import add_seller_member
from tests.factories import (
    CatalogueIndexPageFactory,
    ProductImageFactory,
    ProductPageFactory,
    SellerIndexPageFactory,
    SellerPageFactory,
)

PASSWORD = "Kain-Tenun-2026!"


@pytest.fixture
def seller_index(home_page):
    return SellerIndexPageFactory(parent=home_page)


@pytest.fixture
def catalogue(home_page):
    return CatalogueIndexPageFactory(parent=home_page)


def make_seller_account(seller_index, name, email):
    seller = SellerPageFactory(parent=seller_index, title=name)
    user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
    space = add_seller_member(seller, user)
    product = ProductPageFactory(parent=seller, title=f"{name} Produk Rahasia")
    image = ImageFactory(title=f"{name} Foto Rahasia", collection=space.collection)
    ProductImageFactory(product=product, image=image)
    document = DocumentFactory(title=f"{name} Dokumen Rahasia", collection=space.collection)
    assert isinstance(document, Document)
    return {
        "seller": seller,
        "user": user,
        "product": product,
        "image": image,
        "document": document,
        "space": space,
        "name": name,
    }


@pytest.fixture
def seller_a(seller_index):
    return make_seller_account(seller_index, "Tenun Alfa", "alfa@example.com")


@pytest.fixture
def seller_b(seller_index):
    return make_seller_account(seller_index, "Gerabah Bravo", "bravo@example.com")


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username="editor@example.com", email="editor@example.com", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user
