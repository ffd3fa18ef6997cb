"""Demo content for the seller portal, called by `manage.py seed_demo` after the catalogue,
contact and orders demos. Idempotent, and harmless when there are no sellers yet.

Every demo seller gets an account (its e-mail is the login), its own group and collection;
the first seller's password is printed. A few pending applications and one product waiting in
the Product review workflow show editors what their queue looks like.
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.users.models import UserProfile

from marketplace.products import ProductImage, ProductPage, ensure_stock_record
from marketplace.sellerportal.models import SellerApplication
from marketplace.sellerportal.setup import (
    EDITORS_GROUP,
    add_seller_member,
    assign_workflow,
    ensure_product_review_workflow,
)
from marketplace.sellers import SellerIndexPage, SellerPage
from marketplace.taxonomy import Category, Region
from marketplace.translations import in_default_locale
from pasarlokal.demo.images import demo_image

DEMO_SELLER_PASSWORD = os.environ.get("DEMO_SELLER_PASSWORD", "penjual-demo-2026")
DEMO_EDITOR_USERNAME = "redaksi@pasarlokal.id"
DEMO_EDITOR_PASSWORD = os.environ.get("DEMO_EDITOR_PASSWORD", "redaksi-demo-2026")
REVIEW_PRODUCT_SLUG = "produk-baru-menunggu-tinjauan"

PENDING_APPLICATIONS = [
    {
        "business_name": "Kerajinan Ketak Nyiur Sayang",
        "owner_name": "Inaq Sahnun",
        "nib": "9120301234561",
        "whatsapp": "6281907654321",
        "email": "ketak.nyiursayang@example.com",
        "description": "Anyaman ketak (pakis) dari Lombok Timur: tas, nampan dan tempat tisu.",
    },
    {
        "business_name": "Susu Kuda Liar Dompu Lestari",
        "owner_name": "Bapak Syamsuddin",
        "nib": "9120301234562",
        "whatsapp": "6285239876543",
        "email": "susukuda.dompu@example.com",
        "description": "Susu kuda liar murni dari padang Dompu, dikemas botol 600 ml.",
    },
    {
        "business_name": "Mutiara Sekotong Indah",
        "owner_name": "Ibu Baiq Nurul",
        "nib": "9120301234563",
        "whatsapp": "6287765432109",
        "email": "mutiara.sekotong@example.com",
        "description": "Perhiasan mutiara air laut budidaya Sekotong, Lombok Barat.",
    },
]


def seller_login(seller):
    email = (seller.email or "").strip().lower()
    return email or f"{seller.slug}@penjual.pasarlokal.id"


def ensure_seller_account(seller, password=None):
    User = get_user_model()
    username = seller_login(seller)
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=username, first_name=seller.owner_name[:150])
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    profile = UserProfile.get_for_user(user)
    if profile.preferred_language != "id":
        profile.preferred_language = "id"
        profile.save(update_fields=["preferred_language"])
    space = add_seller_member(seller, user)
    return user, space


def ensure_demo_editor():
    User = get_user_model()
    user = User.objects.filter(username=DEMO_EDITOR_USERNAME).first()
    if user is None:
        user = User.objects.create_user(
            DEMO_EDITOR_USERNAME,
            DEMO_EDITOR_USERNAME,
            DEMO_EDITOR_PASSWORD,
            first_name="Redaksi",
            last_name="Pasar Lokal",
        )
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


def ensure_pending_applications(ctx):
    region = Region.objects.in_default_locale().order_by("name").first()
    category = Category.objects.in_default_locale().select_related("sector").order_by("pk").first()
    if region is None or category is None:
        ctx.log("  seller portal: no regions/categories yet, no demo applications")
        return
    for data in PENDING_APPLICATIONS:
        SellerApplication.objects.get_or_create(
            business_name=data["business_name"],
            defaults={**data, "region": region, "sector": category.sector, "category": category},
        )


def ensure_product_in_review(seller, user, space):
    """A new product the seller has submitted: a draft revision in the Product review workflow."""
    product = ProductPage.objects.filter(seller=seller, slug=REVIEW_PRODUCT_SLUG).first()
    if product is None:
        category = Category.objects.in_default_locale().order_by("pk").first()
        if category is None:
            return None
        product = ProductPage(
            title=f"Produk baru {seller.title}",
            slug=REVIEW_PRODUCT_SLUG,
            summary="Produk baru yang menunggu tinjauan redaksi.",
            category=category,
            unit="pcs",
            live=False,
            owner=user,
        )
        seller.add_child(instance=product)

        image = demo_image(product.title, seller.title, collection=space.collection)
        ProductImage.objects.create(
            product=product, image=image, alt_text=f"Foto {product.title}", sort_order=0
        )
        ensure_stock_record(product, quantity=8, price=75000, sells_online=True)
    product = ProductPage.objects.get(pk=product.pk)
    if product.live or product.workflow_in_progress:
        return product
    product.save_revision(user=user)
    workflow = product.get_workflow()
    if workflow is not None:
        workflow.start(product, user)
    return product


def seed(ctx):
    ensure_product_review_workflow()
    for index in SellerIndexPage.objects.all():
        assign_workflow(index)
    ensure_demo_editor()
    ctx.credentials.append(("Editor (reviews sellers)", DEMO_EDITOR_USERNAME, DEMO_EDITOR_PASSWORD))
    ensure_pending_applications(ctx)
    # Indonesian storefronts only: English copies are translations, not more sellers.
    sellers = list(in_default_locale(SellerPage.objects.order_by("path")))
    if not sellers:
        ctx.log("  seller portal: no sellers yet, no seller accounts")
        return
    first_user = None
    for position, seller in enumerate(sellers):
        user, space = ensure_seller_account(
            seller, password=DEMO_SELLER_PASSWORD if position == 0 else None
        )
        if position == 0:
            first_user = (user, space)
    user, space = first_user
    ensure_product_in_review(sellers[0], user, space)
    ctx.credentials.append((f"Seller ({sellers[0].title})", user.username, DEMO_SELLER_PASSWORD))
    ctx.log(f"  seller portal: {len(sellers)} seller accounts, groups and collections")
