"""A known set of sellers, products, clicks, enquiries, orders, pledges and applications.

"Now" is 15 March 2026, 12:00 WITA, so "this month" is 1–15 March 2026. The expected numbers
the tests assert are worked out by hand in the comments below.
"""

import datetime
from types import SimpleNamespace

import pytest
import time_machine

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail.models import Page
from wagtail.users.models import UserProfile

from marketplace.contact.models import ContactClick
from marketplace.orders.models import Order
from tests.conftest import ensure_wagtail_base
from tests.factories import (
    CategoryFactory,
    CertificateFactory,
    CertificationTypeFactory,
    ProductPageFactory,
    RegionFactory,
    SectorFactory,
    SellerIndexPageFactory,
    SellerPageFactory,
)

from .factories import (
    ContactClickFactory,
    EnquiryFactory,
    PledgeFactory,
    SellerApplicationFactory,
    make_order,
    wita,
)

NOW = wita(2026, 3, 15, 12, 0)
WA, PHONE, EMAIL, CART = (
    ContactClick.Channel.WHATSAPP,
    ContactClick.Channel.PHONE,
    ContactClick.Channel.EMAIL,
    ContactClick.Channel.WHATSAPP_CART,
)


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def published(page, when):
    Page.objects.filter(pk=page.pk).update(first_published_at=when)
    return page


@pytest.fixture
def dataset(home_page, frozen_now):
    tenun = SectorFactory(name="Tenun", slug="tenun", sort_order=1)
    kuliner = SectorFactory(name="Kuliner", slug="kuliner", sort_order=2)
    kerajinan = SectorFactory(name="Kerajinan", slug="kerajinan", sort_order=3)
    songket = CategoryFactory(sector=tenun, name="Songket", slug="songket")
    kopi = CategoryFactory(sector=kuliner, name="Kopi", slug="kopi")
    lombok = RegionFactory(name="Lombok Tengah", slug="lombok-tengah", code="52.02")
    sumbawa = RegionFactory(name="Sumbawa", slug="sumbawa", code="52.04")
    mataram = RegionFactory(name="Kota Mataram", slug="mataram", code="52.71")
    halal = CertificationTypeFactory(name="Sertifikat Halal", short_label="Halal", slug="halal")
    pirt = CertificationTypeFactory(
        name="P-IRT", short_label="P-IRT", slug="pirt", number_pattern=""
    )

    index = SellerIndexPageFactory(parent=home_page)
    # Sellers: A (Lombok Tengah, Tenun, new this month), B (Sumbawa, Kuliner), C draft.
    seller_a = published(
        SellerPageFactory(parent=index, title="Tenun Sukarara", region=lombok, sector=tenun),
        wita(2026, 3, 2),
    )
    seller_b = published(
        SellerPageFactory(parent=index, title="Madu Hutan Sumbawa", region=sumbawa, sector=kuliner),
        wita(2025, 12, 10),
    )
    seller_c = SellerPageFactory(
        parent=index, title="Gerabah Banyumulek", region=lombok, sector=kerajinan, live=False
    )

    # Products: P1 (A, Tenun, new, verified Halal), P2 (A, Kuliner, unverified certificate),
    # P3 (B, Kuliner, new, verified Halal + expired P-IRT), P4 (B, draft, verified).
    p1 = published(
        ProductPageFactory(parent=seller_a, title="Songket Merah", category=songket),
        wita(2026, 3, 3),
    )
    p2 = published(
        ProductPageFactory(parent=seller_a, title="Kopi Tambora", category=kopi),
        wita(2026, 1, 10),
    )
    p3 = published(
        ProductPageFactory(parent=seller_b, title="Madu Sumbawa", category=kopi),
        wita(2026, 3, 10),
    )
    p4 = ProductPageFactory(parent=seller_b, title="Susu Kuda Liar", category=kopi, live=False)
    CertificateFactory(product=p1, certification_type=halal, verified=True)
    CertificateFactory(product=p2, certification_type=halal, verified=False)
    CertificateFactory(product=p3, certification_type=halal, verified=True)
    CertificateFactory(
        product=p3,
        certification_type=pirt,
        verified=True,
        number="P-IRT 1",
        valid_until=datetime.date(2026, 3, 14),
    )
    CertificateFactory(product=p4, certification_type=pirt, verified=True, number="P-IRT 2")

    # Contact clicks in March: 10 (WhatsApp 7, phone 1, e-mail 1, WhatsApp cart 1).
    # Tenun 5 (P1 4 + A's page 1), Kuliner 5; Lombok Tengah 7, Sumbawa 3.
    for _ in range(3):
        ContactClickFactory(product=p1, channel=WA, created_at=wita(2026, 3, 5, 10))
    ContactClickFactory(product=p1, channel=PHONE, created_at=wita(2026, 3, 6, 9))
    ContactClickFactory(product=p2, channel=EMAIL, created_at=wita(2026, 3, 9, 14))
    for _ in range(2):
        ContactClickFactory(product=p3, channel=WA, created_at=wita(2026, 3, 10, 8))
    ContactClickFactory(seller=seller_a, channel=WA, created_at=wita(2026, 3, 11, 20))
    ContactClickFactory(seller=seller_b, channel=CART, created_at=wita(2026, 3, 12, 19))
    # First minute of March in WITA (still 28 February in UTC): March.
    ContactClickFactory(product=p2, channel=WA, created_at=wita(2026, 3, 1, 0, 0))
    # 23:30 WITA on the last day of February: February.
    ContactClickFactory(product=p1, channel=WA, created_at=wita(2026, 2, 28, 23, 30))
    for _ in range(2):
        ContactClickFactory(product=p3, channel=PHONE, created_at=wita(2026, 1, 20))

    # Enquiries in March: 4 (Tenun 2, Kuliner 2; Lombok Tengah 2, Sumbawa 2). One in February.
    EnquiryFactory(product=p1, created_at=wita(2026, 3, 4))
    EnquiryFactory(product=p3, created_at=wita(2026, 3, 7))
    EnquiryFactory(product=p3, created_at=wita(2026, 3, 7, 15))
    EnquiryFactory(seller=seller_a, created_at=wita(2026, 3, 8))
    EnquiryFactory(product=p2, created_at=wita(2026, 2, 20))

    # Orders. Paid in March: O1 (P1 2×150.000 + P3 1×50.000) and O2 (P3 3×50.000):
    # 2 orders, GMV 500.000, average 250.000. Tenun 300.000 (1 order), Kuliner 200.000 (2).
    paid, refunded = Order.Status.PAID, Order.Status.REFUNDED
    cancelled, pending = Order.Status.CANCELLED, Order.Status.PENDING
    o1 = make_order(paid, wita(2026, 3, 5, 9), [(p1, 2, 150000), (p3, 1, 50000)])
    o2 = make_order(paid, wita(2026, 3, 8, 9), [(p3, 3, 50000)])
    make_order(refunded, wita(2026, 3, 6, 9), [(p1, 1, 150000)])
    make_order(cancelled, wita(2026, 3, 7, 9), [(p2, 1, 80000)])
    make_order(pending, wita(2026, 3, 9, 9), [(p2, 2, 80000)])
    # Paid at 23:30 WITA on 28 February, and in January: outside March, inside 3 months.
    make_order(paid, wita(2026, 2, 28, 23, 30), [(p2, 1, 80000)])
    make_order(paid, wita(2026, 1, 15), [(p1, 1, 150000)])

    # Pledges in March: 3 (Lombok Tengah 2, Sumbawa 1, one not counted publicly); February 1.
    PledgeFactory(region=lombok, created_at=wita(2026, 3, 3))
    PledgeFactory(region=lombok, created_at=wita(2026, 3, 10))
    PledgeFactory(region=sumbawa, created_at=wita(2026, 3, 11), agreed_to_be_counted=False)
    PledgeFactory(region=lombok, created_at=wita(2026, 2, 14))

    # Applications received in March: pending 2, approved 1, rejected 1. February: pending 1.
    SellerApplicationFactory(region=lombok, sector=tenun, created_at=wita(2026, 3, 2))
    SellerApplicationFactory(region=sumbawa, sector=kuliner, created_at=wita(2026, 3, 4))
    SellerApplicationFactory(
        region=lombok, sector=kuliner, status="approved", created_at=wita(2026, 3, 5)
    )
    SellerApplicationFactory(
        region=sumbawa, sector=kuliner, status="rejected", created_at=wita(2026, 3, 6)
    )
    SellerApplicationFactory(region=lombok, sector=tenun, created_at=wita(2026, 2, 6))

    return SimpleNamespace(
        **locals() | {"sectors": (tenun, kuliner, kerajinan), "regions": (lombok, sumbawa, mataram)}
    )


@pytest.fixture
def editor(db):
    """A non-superuser editor: admin access plus the impact permission, via a group."""
    group = Group.objects.create(name="Impact readers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_impact_dashboard"),
    )
    user = get_user_model().objects.create_user("editor", "editor@example.com", "pw-editor-123")
    user.groups.add(group)
    # The admin speaks Indonesian by default; this editor chose English, so tests read English.
    UserProfile.get_for_user(user).__class__.objects.filter(user=user).update(
        preferred_language="en"
    )
    return user


def make_seller_user(username, seller):
    """A seller's login with what approval gives it: the seeded Sellers group, nothing more."""
    from marketplace.sellerportal.setup import add_seller_member

    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw-123456")
    add_seller_member(seller, user)
    return user


@pytest.fixture
def seller_user(dataset):
    return make_seller_user("penjual-a", dataset.seller_a)


@pytest.fixture
def wagtail_base(db):
    """Wagtail's migration-made rows (locale, root page, root collection), which the flush after
    a transactional test removes."""
    ensure_wagtail_base()
