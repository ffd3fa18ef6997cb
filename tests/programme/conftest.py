"""Two sellers (A and B) with one product each, a Fasilitator and the P-IRT certificate type."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from marketplace.programme.setup import FACILITATORS_GROUP
from tests.factories import CatalogueIndexPageFactory, CertificationTypeFactory
from tests.sellerportal.conftest import (  # noqa: F401  (fixtures)
    PASSWORD,
    catalogue,
    editor,
    make_seller_account,
    seller_a,
    seller_b,
    seller_index,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def pirt(db):
    return CertificationTypeFactory(
        name="Sertifikat Produksi Pangan Industri Rumah Tangga",
        short_label="P-IRT",
        slug="pirt",
        issuing_body="Dinas Kesehatan",
        number_pattern=r"\d{13}-\d{2}",
        number_example="1234567890123-45",
    )


@pytest.fixture
def facilitator(db):
    user = get_user_model().objects.create_user(
        username="fasilitator@example.com",
        email="fasilitator@example.com",
        password=PASSWORD,
        first_name="Baiq Fasilitator",
    )
    user.groups.add(Group.objects.get(name=FACILITATORS_GROUP))
    return user


@pytest.fixture
def shop(seller_a, home_page):  # noqa: F811  (seller_a is the imported fixture)
    CatalogueIndexPageFactory(parent=home_page)
    seller = seller_a["seller"]
    seller.email = "toko-alfa@example.com"
    seller.save_revision().publish()
    return seller_a
