import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Collection, WorkflowState

from marketplace.sellerportal.models import SellerApplication, SellerSpace
from marketplace.sellers import SellerMember
from pasarlokal.demo import sellerportal as demo
from tests.factories import CategoryFactory, RegionFactory, SellerPageFactory


class Ctx:
    def __init__(self):
        self.credentials = []
        self.options = {}

    def log(self, message):
        pass


def counts():
    return (
        get_user_model().objects.count(),
        Group.objects.count(),
        Collection.objects.count(),
        SellerMember.objects.count(),
        SellerApplication.objects.count(),
        WorkflowState.objects.count(),
    )


@pytest.mark.django_db
def test_demo_without_sellers_is_harmless(home_page):
    ctx = Ctx()
    demo.seed(ctx)
    assert not SellerMember.objects.exists()
    assert [role for role, _, _ in ctx.credentials] == ["Editor (reviews sellers)"]


@pytest.mark.django_db
def test_demo_gives_every_seller_an_account_and_is_idempotent(seller_index, client):
    CategoryFactory()
    RegionFactory()
    first = SellerPageFactory(parent=seller_index, email="Tenun@Example.com")
    second = SellerPageFactory(parent=seller_index, email="")
    demo.seed(Ctx())
    before = counts()
    ctx = Ctx()
    demo.seed(ctx)
    assert counts() == before
    assert SellerSpace.objects.filter(seller__in=[first, second]).count() == 2
    assert SellerMember.objects.filter(seller=first, user__username="tenun@example.com").exists()
    assert SellerMember.objects.filter(seller=second).exists()
    assert SellerApplication.objects.filter(status="pending").count() == 3
    in_review = WorkflowState.objects.active().get()
    assert in_review.requested_by.username == "tenun@example.com"
    role, username, password = ctx.credentials[-1]
    assert username == "tenun@example.com"
    assert get_user_model().objects.get(username=username).check_password(password)
