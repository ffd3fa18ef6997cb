"""Demo orders: a handful in every state over the last 90 days, and a year of paid, completed
orders growing month by month (for the impact dashboard's trend), for whatever products exist.

Idempotent: orders are recognised by their fixed PL-DEMO… and PL-DEMOY… references. Stock is not touched
(these are past orders; their lines say `stock_reserved=False`). Does nothing without products.
"""

import datetime
import random

from django.utils import timezone

from marketplace.orders.models import Order, OrderDelivery, OrderLine, new_access_token
from marketplace.products import ProductPage
from pasarlokal.demo.timeline import growing_moments

CUSTOMERS = [
    ("Baiq Nurul Aini", "nurul@example.com", "6281234500001"),
    ("Lalu Ahmad Zainuddin", "lalu.ahmad@example.com", "6281234500002"),
    ("Ni Made Ayu", "ayu@example.com", "6281234500003"),
    ("Muhammad Rizki", "rizki@example.com", "6281234500004"),
    ("Siti Hajar", "hajar@example.com", "6281234500005"),
    ("Sarah Thompson", "sarah@example.com", "6281234500006"),
]
# (status, fulfilment, days ago, delivery method)
PLAN = [
    (Order.Status.PAID, OrderDelivery.Fulfilment.COMPLETED, 84, OrderDelivery.Method.SHIP),
    (Order.Status.PAID, OrderDelivery.Fulfilment.COMPLETED, 61, OrderDelivery.Method.PICKUP),
    (Order.Status.REFUNDED, OrderDelivery.Fulfilment.NEW, 47, OrderDelivery.Method.SHIP),
    (Order.Status.CANCELLED, OrderDelivery.Fulfilment.NEW, 33, OrderDelivery.Method.SHIP),
    (Order.Status.PAID, OrderDelivery.Fulfilment.SHIPPED, 12, OrderDelivery.Method.SHIP),
    (Order.Status.PAID, OrderDelivery.Fulfilment.READY, 5, OrderDelivery.Method.PICKUP),
    (Order.Status.PAID, OrderDelivery.Fulfilment.NEW, 1, OrderDelivery.Method.SHIP),
    (Order.Status.CANCELLED, OrderDelivery.Fulfilment.NEW, 0, OrderDelivery.Method.SHIP),
]
YEAR_OF_ORDERS = 72
YEAR_REFERENCE = "PL-DEMOY{:04d}"
EVERYDAY_PRICE = 400_000


def seed(ctx):
    products = list(
        ProductPage.objects.live()
        .filter(seller__isnull=False, stock__price__isnull=False)
        .select_related("stock", "seller")
        .order_by("pk")[:40]
    )
    if not products:
        ctx.log("orders: no products with a price yet, no demo orders")
        return
    rng = random.Random(6)
    now = timezone.now()
    created = 0
    for number, (status, fulfilment, days_ago, method) in enumerate(PLAN, start=1):
        reference = f"PL-DEMO{number:04d}"
        if Order.objects.filter(reference=reference).exists():
            continue
        picked = rng.sample(products, k=min(len(products), rng.choice([1, 2, 3])))
        name, email, phone = CUSTOMERS[number % len(CUSTOMERS)]
        when = now - datetime.timedelta(days=days_ago, hours=rng.randint(0, 10))
        order = Order.objects.create(
            reference=reference,
            access_token=new_access_token(),
            status=status,
            customer_name=name,
            customer_email=email,
            customer_phone=phone,
            language="id",
            expires_at=when + datetime.timedelta(minutes=30),
        )
        total = 0
        sellers = {}
        for product in picked:
            quantity = rng.randint(1, 3)
            OrderLine.objects.create(
                order=order,
                product=product,
                seller=product.seller,
                product_name=product.title,
                unit_price=product.stock.price,
                quantity=quantity,
                stock_reserved=False,
            )
            total += product.stock.price * quantity
            sellers[product.seller_id] = product.seller
        for seller in sellers.values():
            ship = method == OrderDelivery.Method.SHIP or not seller.offers_pickup
            fee = seller.shipping_fee if ship else 0
            total += fee
            done = fulfilment if status == Order.Status.PAID else OrderDelivery.Fulfilment.NEW
            if done == OrderDelivery.Fulfilment.READY and ship:
                done = OrderDelivery.Fulfilment.SHIPPED
            OrderDelivery.objects.create(
                order=order,
                seller=seller,
                method=OrderDelivery.Method.SHIP if ship else OrderDelivery.Method.PICKUP,
                shipping_fee=fee,
                street="Jl. Pejanggik No. 12" if ship else "",
                village="Cakranegara Timur" if ship else "",
                district="Cakranegara" if ship else "",
                city="Kota Mataram" if ship else "",
                province="Nusa Tenggara Barat" if ship else "",
                postal_code="83239" if ship else "",
                fulfilment=done,
                courier="JNE" if done in ("shipped", "completed") and ship else "",
                tracking_number=f"JNE{number:010d}"
                if done in ("shipped", "completed") and ship
                else "",
                shipped_at=when + datetime.timedelta(days=1)
                if done in ("shipped", "completed") and ship
                else None,
                completed_at=when + datetime.timedelta(days=4) if done == "completed" else None,
            )
        paid = status in (Order.Status.PAID, Order.Status.REFUNDED)
        Order.objects.filter(pk=order.pk).update(
            total=total,
            created_at=when,
            paid_at=when + datetime.timedelta(minutes=3) if paid else None,
            cancelled_at=when + datetime.timedelta(minutes=31)
            if status == Order.Status.CANCELLED
            else None,
            refunded_at=when + datetime.timedelta(days=2)
            if status == Order.Status.REFUNDED
            else None,
        )
        created += 1
    created += seed_year_of_orders(products, random.Random(7), now)
    ctx.log(f"orders: {created} demo orders")


def seed_year_of_orders(products, rng, now):
    """Paid orders shipped and completed, spread over the past year (bulk: a few queries)."""
    references = [YEAR_REFERENCE.format(n) for n in range(1, YEAR_OF_ORDERS + 1)]
    if Order.objects.filter(reference__in=references).exists():
        return 0
    # Everyday goods: a few songket at millions each would hide the trend in the monthly GMV.
    products = [p for p in products if p.stock.price <= EVERYDAY_PRICE] or products
    orders, lines, deliveries = [], [], []
    # Two days back: every one has been delivered by now.
    moments = growing_moments(rng, now - datetime.timedelta(days=2), YEAR_OF_ORDERS)
    for number, (reference, when) in enumerate(zip(references, moments, strict=True), start=1):
        name, email, phone = CUSTOMERS[number % len(CUSTOMERS)]
        order = Order(
            reference=reference,
            access_token=new_access_token(),
            status=Order.Status.PAID,
            customer_name=name,
            customer_email=email,
            customer_phone=phone,
            language="id",
            expires_at=when + datetime.timedelta(minutes=30),
            paid_at=when + datetime.timedelta(minutes=3),
        )
        total = 0
        sellers = {}
        for product in rng.sample(products, k=min(len(products), rng.choice([1, 1, 2]))):
            quantity = rng.randint(1, 3)
            lines.append(
                OrderLine(
                    order=order,
                    product=product,
                    seller=product.seller,
                    product_name=product.title,
                    unit_price=product.stock.price,
                    quantity=quantity,
                    stock_reserved=False,
                )
            )
            total += product.stock.price * quantity
            sellers[product.seller_id] = product.seller
        for seller in sellers.values():
            total += seller.shipping_fee
            deliveries.append(
                OrderDelivery(
                    order=order,
                    seller=seller,
                    method=OrderDelivery.Method.SHIP,
                    shipping_fee=seller.shipping_fee,
                    street="Jl. Langko No. 40",
                    village="Dasan Agung",
                    district="Selaparang",
                    city="Kota Mataram",
                    province="Nusa Tenggara Barat",
                    postal_code="83125",
                    fulfilment=OrderDelivery.Fulfilment.COMPLETED,
                    courier="JNE",
                    tracking_number=f"JNEY{number:09d}",
                    shipped_at=when + datetime.timedelta(days=1),
                    completed_at=when + datetime.timedelta(days=2),
                )
            )
        order.total = total
        orders.append(order)
    Order.objects.bulk_create(orders)  # the lines and deliveries pick up the orders' new pks
    OrderLine.objects.bulk_create(lines)
    OrderDelivery.objects.bulk_create(deliveries)
    # created_at is set on insert (auto_now_add); a bulk update puts each back in its month.
    for order, when in zip(orders, moments, strict=True):
        order.created_at = when
    Order.objects.bulk_update(orders, ["created_at"])
    return len(orders)
