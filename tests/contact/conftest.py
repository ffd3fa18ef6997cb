import pytest

from django.utils import translation

from tests.factories import ProductPageFactory, SellerIndexPageFactory, SellerPageFactory

BROWSER_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture(autouse=True)
def _indonesian():
    """A request under /en/ leaves English active in the thread; every test starts in Indonesian."""
    with translation.override("id"):
        yield


@pytest.fixture
def browser_headers():
    return {"user-agent": BROWSER_UA}


@pytest.fixture
def seller_index(home_page):
    return SellerIndexPageFactory(parent=home_page)


@pytest.fixture
def seller(seller_index):
    return SellerPageFactory(
        parent=seller_index,
        title="Tenun Sukarara",
        slug="tenun-sukarara",
        whatsapp="0812-3456-7890",
        phone="0370 123456",
        email="tenun@example.com",
    )


@pytest.fixture
def product(seller):
    return ProductPageFactory(
        parent=seller,
        title="Songket Subahnale",
        slug="songket-subahnale",
        stock__price=1250000,
    )
