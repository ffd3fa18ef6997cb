# The marketplace's models live in one module per sub-domain; Django finds them here.
from .catalogue import CatalogueIndexPage  # noqa: F401
from .products import Certificate, ProductImage, ProductPage, ProductTag, StockRecord  # noqa: F401
from .sellers import SellerIndexPage, SellerMember, SellerPage, SellerPhoto  # noqa: F401
from .tally import FacetTally, TalliedProduct  # noqa: F401
from .taxonomy import Category, CertificationType, Region, Sector  # noqa: F401
from .variants import ProductVariant  # noqa: F401
