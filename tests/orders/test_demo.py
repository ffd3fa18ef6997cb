import datetime
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
    assert orders.count() == len(demo.PLAN)
    assert set(orders.values_list("status", flat=True)) == {"paid", "cancelled", "refunded"}
    oldest = timezone.now() - datetime.timedelta(days=91)
    assert all(oldest < o.created_at <= timezone.now() for o in orders)
    for order in orders.prefetch_related("lines", "deliveries"):
        lines_total = sum(line.line_total for line in order.lines.all())
        assert order.total == lines_total + sum(d.shipping_fee for d in order.deliveries.all())
        assert {d.seller_id for d in order.deliveries.all()} == {
            line.seller_id for line in order.lines.all()
        }
    assert not OrderLine.objects.filter(stock_reserved=True).exists()
    assert dict(StockRecord.objects.values_list("product_id", "quantity")) == before
