import collections
import datetime
from types import SimpleNamespace

import pytest

from django.utils import timezone

from marketplace.contact.models import ContactClick, Enquiry
from pasarlokal.demo import contact as demo
from tests.factories import ProductPageFactory, SellerPageFactory

pytestmark = pytest.mark.django_db


def ctx():
    return SimpleNamespace(log=lambda message: None, options={}, credentials=[])


def test_seeder_does_nothing_without_products(home_page):
    demo.seed(ctx())
    assert not ContactClick.objects.exists()
    assert not Enquiry.objects.exists()


def test_seeder_spreads_clicks_and_enquiries_and_is_idempotent(seller_index):
    sellers = [
        SellerPageFactory(
            parent=seller_index, whatsapp="081234567890", phone="0370 632713", email="a@b.id"
        ),
        SellerPageFactory(parent=seller_index, whatsapp="", phone="0370 123456", email=""),
    ]
    products = [ProductPageFactory(parent=sellers[i % 2]) for i in range(6)]
    draft = ProductPageFactory(parent=sellers[0])
    draft.unpublish()

    demo.seed(ctx())
    clicks = ContactClick.objects.all()
    assert 300 <= clicks.count() <= demo.CLICKS
    assert Enquiry.objects.count() == demo.ENQUIRIES
    assert not clicks.filter(product=draft).exists()
    assert {c.product_id for c in clicks if c.product_id} <= {p.pk for p in products}
    # Only channels the seller actually has.
    assert not clicks.filter(
        seller=sellers[1], channel__in=["whatsapp", "whatsapp_cart", "email"]
    ).exists()
    assert set(clicks.values_list("channel", flat=True)) == {
        "whatsapp",
        "whatsapp_cart",
        "phone",
        "email",
    }
    oldest = clicks.order_by("created_at").first().created_at
    assert oldest >= timezone.now() - datetime.timedelta(days=366)
    assert clicks.order_by("-created_at").first().created_at <= timezone.now()
    # A year of clicks and enquiries, every month, busier month by month.
    now = timezone.localtime()
    for rows in (clicks, Enquiry.objects.all()):
        per_month = collections.Counter(
            (now.year - t.year) * 12 + now.month - t.month
            for t in (timezone.localtime(c) for c in rows.values_list("created_at", flat=True))
        )
        assert set(per_month) >= set(range(1, 12))
        assert max(per_month) <= 12
        recent, early = (sum(per_month[m] for m in months) for months in ((1, 2, 3), (9, 10, 11)))
        assert recent > 1.5 * early
    assert Enquiry.objects.filter(status="answered").exists()
    assert Enquiry.objects.filter(status="new").exists()

    demo.seed(ctx())
    assert ContactClick.objects.count() == clicks.count()
    assert Enquiry.objects.count() == demo.ENQUIRIES
