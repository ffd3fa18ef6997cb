"""The admin home: editors get the headline panel, sellers their own numbers only."""

import pytest

from django.urls import reverse
from django.utils import timezone

from impact.periods import this_month
from impact.seller_numbers import seller_numbers as impact_numbers
from marketplace.contact.models import ContactClick
from marketplace.sellerportal.panels import seller_numbers as panel_numbers

from .conftest import make_seller_user

pytestmark = pytest.mark.django_db


def test_editor_home_shows_this_months_headline(client, dataset, editor):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="impact-summary-section"' in html
    assert "Rp500.000" in html
    assert reverse("impact:dashboard") in html
    assert 'id="impact-seller-numbers-section"' not in html


def test_seller_home_shows_their_own_numbers_only(client, dataset, seller_user):
    client.force_login(seller_user)
    response = client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert 'id="impact-seller-numbers-section"' in html
    assert 'id="impact-summary-section"' not in html
    # Seller A's products and revenue; nothing of seller B (Madu Sumbawa, its Rp200.000).
    assert "Songket Merah" in html
    assert "Kopi Tambora" in html
    assert "Rp300.000" in html
    assert "Madu Sumbawa" not in html
    assert "Susu Kuda Liar" not in html
    assert "Rp200.000" not in html
    assert "Rp500.000" not in html


def test_other_seller_sees_other_numbers(client, dataset):
    client.force_login(make_seller_user("penjual-b", dataset.seller_b))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Madu Sumbawa" in html
    assert "Rp200.000" in html
    assert "Songket Merah" not in html
    assert "Rp300.000" not in html


def test_seller_panel_period_links(client, dataset, seller_user):
    client.force_login(seller_user)
    html = client.get(reverse("wagtailadmin_home"), {"numbers": "3months"}).content.decode()
    # Three months add January's paid Songket (Rp150.000) to March's Rp300.000.
    assert "Rp450.000" in html
    assert 'href="?numbers=3months#impact-seller-numbers-section" aria-current="page"' in html
    # An unknown period falls back to this month.
    html = client.get(reverse("wagtailadmin_home"), {"numbers": "../../etc"}).content.decode()
    assert "Rp300.000" in html


def test_seller_panel_query_count_is_constant(
    client, dataset, seller_user, django_assert_num_queries
):
    from tests.factories import ProductPageFactory

    from .factories import ContactClickFactory, make_order, wita

    client.force_login(seller_user)
    url = reverse("wagtailadmin_home")
    client.get(url)

    def panel_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx.captured_queries)

    small = panel_queries()
    for index in range(10):
        product = ProductPageFactory(parent=dataset.seller_a, title=f"Tenun {index}")
        ContactClickFactory(product=product, created_at=wita(2026, 3, 2 + index))
        make_order("paid", wita(2026, 3, 2 + index), [(product, 1, 10000)])
    assert panel_queries() == small


def test_both_seller_whatsapp_numbers_count_the_same_clicks(dataset, seller_user):
    """The seller home panel and the seller's impact numbers sit on one screen: same WhatsApp."""
    for channel in (ContactClick.Channel.WHATSAPP, ContactClick.Channel.WHATSAPP_CART):
        ContactClick.objects.create(
            seller=dataset.seller_a, channel=channel, created_at=timezone.now()
        )
    panel = panel_numbers(seller_user)["whatsapp_clicks"]
    impact = impact_numbers(seller_user, this_month())["totals"]["whatsapp"]
    assert panel == impact
    assert panel >= 2
