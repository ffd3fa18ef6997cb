"""The seller's dashboard panel, seen by a seller made with the seeded Sellers group only."""

import re

import pytest

from marketplace.orders.models import Order, OrderDelivery
from marketplace.programme.models import FacilitationRequest
from marketplace.sellerportal.panels import orders_to_ship
from tests.factories import ProductPageFactory
from tests.orders.factories import OrderDeliveryFactory, OrderLineFactory, order_for

pytestmark = pytest.mark.django_db


def panel_links(html):
    section = html.split('id="sp-home-heading"', 1)[1].split("</section>", 1)[0]
    return sorted(set(re.findall(r'href="(/admin/[^"]*)"', section)))


def test_every_dashboard_link_opens_for_a_seller(client, seller_a):
    client.force_login(seller_a["user"])
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    links = panel_links(dashboard.content.decode())
    assert any("enquiries" in link for link in links)
    assert any("orders" in link for link in links)
    for link in links:
        response = client.get(link.replace("&amp;", "&"), follow=True)
        assert response.redirect_chain == [], (link, response.redirect_chain)
        assert response.status_code == 200, link
        assert "Anda tidak memiliki izin" not in response.content.decode(), link


def ship(order, **changes):
    OrderDelivery.objects.filter(order=order).update(**changes)
    return order


def test_orders_to_ship_counts_only_paid_unshipped_orders_of_this_seller(seller_a, seller_b):
    product = seller_a["product"]
    order_for(product, status=Order.Status.PAID)  # to ship
    order_for(  # to prepare for pickup
        product, status=Order.Status.PAID, method=OrderDelivery.Method.PICKUP
    )
    ship(order_for(product, status=Order.Status.PAID), fulfilment="shipped")
    ship(
        order_for(product, status=Order.Status.PAID, method=OrderDelivery.Method.PICKUP),
        fulfilment="ready",
    )
    ship(order_for(product, status=Order.Status.PAID), fulfilment="completed")
    for status in (Order.Status.PENDING, Order.Status.CANCELLED, Order.Status.REFUNDED):
        order_for(product, status=status)
    order_for(seller_b["product"], status=Order.Status.PAID)

    # One order from both sellers: seller B has shipped its part, seller A has not.
    shared = order_for(seller_b["product"], status=Order.Status.PAID)
    ship(shared, fulfilment="shipped")
    OrderLineFactory(order=shared, product=product, quantity=2)
    OrderDeliveryFactory(order=shared, seller=seller_a["seller"])
    # And the other way round: A shipped its part, B still has to.
    done_by_a = order_for(product, status=Order.Status.PAID)
    ship(done_by_a, fulfilment="shipped")
    second = ProductPageFactory(parent=seller_b["seller"], title="Gerabah Kedua")
    OrderLineFactory(order=done_by_a, product=second)
    OrderDeliveryFactory(order=done_by_a, seller=seller_b["seller"])

    assert orders_to_ship(seller_a["user"]) == 3  # the new ship, the new pickup, shared
    assert orders_to_ship(seller_b["user"]) == 2  # its own paid order and done_by_a


def test_dashboard_shows_the_count_and_links_to_those_orders(client, seller_a):
    order_for(seller_a["product"], status=Order.Status.PAID)
    ship(order_for(seller_a["product"], status=Order.Status.PAID), fulfilment="shipped")
    client.force_login(seller_a["user"])
    html = client.get("/admin/").content.decode()
    tile = html.split("Pesanan untuk dikirim", 1)[1].split("</div>", 1)[0]
    assert '<span class="sp-home__number">1</span>' in tile
    link = re.search(r'href="([^"]+)"', tile).group(1).replace("&amp;", "&")
    listing = client.get(link)
    assert listing.status_code == 200
    assert len(listing.context["object_list"]) == 1


def test_a_sellers_dashboard_opens_on_their_shop_not_the_site_summary(client, seller_a):
    FacilitationRequest.objects.create(seller=seller_a["seller"], licence="nib")
    client.force_login(seller_a["user"])
    html = client.get("/admin/").content.decode()
    # Above the programme's panel (which every seller sees) ...
    assert html.index('id="sp-home-heading"') < html.index('id="pg-panel-heading"')
    # ... and no "8 Halaman / 1 Gambar / 0 Dokumen" count of the admin's objects.
    assert "dibuat di Pasar Lokal" not in html
