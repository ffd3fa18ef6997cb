from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from marketplace.catalogue import CatalogueIndexPage
from marketplace.products import ProductPage
from marketplace.sellers import SellerIndexPage, SellerPage


class PageTypeRulesTest(WagtailPageTestCase):
    def test_indexes_live_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, CatalogueIndexPage)
        self.assertCanCreateAt(HomePage, SellerIndexPage)
        self.assertCanNotCreateAt(SellerIndexPage, CatalogueIndexPage)
        self.assertCanNotCreateAt(CatalogueIndexPage, ProductPage)

    def test_sellers_live_in_the_directory_and_products_under_their_seller(self):
        self.assertCanCreateAt(SellerIndexPage, SellerPage)
        self.assertCanCreateAt(SellerPage, ProductPage)
        self.assertCanNotCreateAt(HomePage, SellerPage)
        self.assertCanNotCreateAt(HomePage, ProductPage)
        self.assertCanNotCreateAt(SellerIndexPage, ProductPage)
        self.assertCanNotCreateAt(ProductPage, ProductPage)

    def test_allowed_subpage_types(self):
        self.assertAllowedSubpageTypes(CatalogueIndexPage, {})
        self.assertAllowedSubpageTypes(SellerIndexPage, {SellerPage})
        self.assertAllowedSubpageTypes(SellerPage, {ProductPage})
        self.assertAllowedSubpageTypes(ProductPage, {})

    def test_indexes_are_singletons(self):
        self.assertEqual(CatalogueIndexPage.max_count, 1)
        self.assertEqual(SellerIndexPage.max_count, 1)
