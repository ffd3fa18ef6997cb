import factory

from marketplace.sellerportal.models import SellerApplication
from tests.factories import CategoryFactory, RegionFactory


class SellerApplicationFactory(factory.django.DjangoModelFactory):
    business_name = factory.Sequence(lambda n: f"Gerabah Banyumulek {n}")
    owner_name = "Amaq Sahnan"
    nib = "1234567890123"
    region = factory.SubFactory(RegionFactory)
    category = factory.SubFactory(CategoryFactory)
    sector = factory.LazyAttribute(lambda o: o.category.sector)
    whatsapp = "6281234567890"
    email = factory.Sequence(lambda n: f"penjual{n}@example.com")
    description = "Gerabah tradisional dari Lombok Barat."
    language = "id"

    class Meta:
        model = SellerApplication
