import collections
import datetime
import random
import types

import pytest

from django.utils import timezone

from marketplace.orders.models import Order, OrderLine
from marketplace.products import StockRecord
from pasarlokal.demo import orders as demo

pytestmark = pytest.mark.django_db


def ctx():
    return types.SimpleNamespace(log=lambda message: None, options={}, credentials=[])


def test_no_products_no_orders(home_page):
    demo.seed(ctx())
    assert Order.objects.count() == 0


def test_seeds_orders_in_every_state_once_without_touching_stock(shop):
    before = dict(StockRecord.objects.values_list("product_id", "quantity"))
    demo.seed(ctx())
    demo.seed(ctx())  # idempotent

    orders = Order.objects.all()
    assert orders.count() == len(demo.PLAN) + demo.YEAR_OF_ORDERS
    assert set(orders.values_list("status", flat=True)) == {"paid", "cancelled", "refunded"}
    year_ago = timezone.now() - datetime.timedelta(days=366)
    assert all(year_ago < o.created_at <= timezone.now() for o in orders)
    for order in orders.prefetch_related("lines", "deliveries"):
        lines_total = sum(line.line_total for line in order.lines.all())
        assert order.total == lines_total + sum(d.shipping_fee for d in order.deliveries.all())
        assert {d.seller_id for d in order.deliveries.all()} == {
            line.seller_id for line in order.lines.all()
        }
    assert not OrderLine.objects.filter(stock_reserved=True).exists()
    assert dict(StockRecord.objects.values_list("product_id", "quantity")) == before


def months_ago(moment, now):
    return (now.year - moment.year) * 12 + now.month - moment.month


def test_a_year_of_paid_orders_growing_month_by_month(shop, django_assert_max_num_queries):
    products = list(
        demo.ProductPage.objects.live().select_related("stock", "seller").order_by("pk")
    )
    with django_assert_max_num_queries(8):  # bulk inserts, not a query per order
        demo.seed_year_of_orders(products, random.Random(7), timezone.now())
    now = timezone.localtime()
    per_month = collections.Counter(
        months_ago(timezone.localtime(paid), now)
        for paid in Order.objects.values_list("paid_at", flat=True)
    )
    assert set(per_month) >= set(range(1, 12))  # every month of the past year has sales
    assert max(per_month) <= 12
    # The last three whole months sell well over one and a half times the first three.
    assert sum(per_month[m] for m in (1, 2, 3)) > 1.5 * sum(per_month[m] for m in (9, 10, 11))
    for order in Order.objects.prefetch_related("lines", "deliveries"):
        assert order.created_at < order.paid_at < timezone.now()
        assert order.lines.all() and order.deliveries.all()
