"""A seller's own numbers for the admin home: clicks, enquiries, paid orders and revenue per product.

Same rules as the dashboard (see metrics.py); every queryset is scoped to the signed-in seller.
"""

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from marketplace.contact.models import ContactClick, Enquiry
from marketplace.orders.models import Order, OrderLine
from marketplace.products import ProductPage
from marketplace.scoping import scope_to_seller, sellers_for_user
from marketplace.translations import in_default_locale

from .metrics import LINE_TOTAL


def seller_numbers(user, period):
    """Clicks, enquiries, paid orders and revenue per product, for `user`'s own sellers only.

    Every queryset goes through `scope_to_seller`/`sellers_for_user`; five queries whatever the
    number of products or events.
    """
    sellers = sellers_for_user(user)
    products = list(
        in_default_locale(ProductPage.objects.filter(seller__in=sellers))
        .order_by("seller__title", "title")
        .values("pk", "title", "live", seller_name=F("seller__title"))
    )
    clicks = scope_to_seller(
        ContactClick.objects.filter(**period.range_filter("created_at")), user
    ).order_by()
    enquiries = scope_to_seller(
        Enquiry.objects.filter(**period.range_filter("created_at")), user
    ).order_by()
    lines = scope_to_seller(
        OrderLine.objects.filter(
            order__status=Order.Status.PAID, **period.range_filter("order__paid_at")
        ),
        user,
    ).order_by()

    click_rows = {
        row["product_id"]: row
        for row in clicks.values("product_id").annotate(
            clicks=Count("pk"),
            whatsapp=Count("pk", filter=Q(channel__in=ContactClick.WHATSAPP_CHANNELS)),
        )
    }
    enquiry_rows = {
        row["product_id"]: row["n"]
        for row in enquiries.values("product_id").annotate(n=Count("pk"))
    }
    sales_rows = {
        row["product_id"]: row
        for row in lines.values("product_id").annotate(
            paid_orders=Count("order_id", distinct=True),
            units=Sum("quantity"),
            revenue=LINE_TOTAL,
        )
    }

    def numbers(product_id):
        click = click_rows.get(product_id, {})
        sale = sales_rows.get(product_id, {})
        return {
            "clicks": click.get("clicks", 0),
            "whatsapp": click.get("whatsapp", 0),
            "enquiries": enquiry_rows.get(product_id, 0),
            "paid_orders": sale.get("paid_orders", 0),
            "units": sale.get("units") or 0,
            "revenue": sale.get("revenue") or 0,
        }

    rows = [
        {**product, "product_id": product["pk"], **numbers(product["pk"])} for product in products
    ]
    # Contacts from the seller's own page (no product) and sales of since-deleted products.
    other = numbers(None)
    if any(other.values()):
        rows.append({"product_id": None, "title": str(_("Storefront and other")), **other})
    totals = {
        key: sum(row[key] for row in rows)
        for key in ("clicks", "whatsapp", "enquiries", "units", "revenue")
    }
    totals["paid_orders"] = lines.aggregate(n=Count("order_id", distinct=True))["n"]
    return {"period": period, "rows": rows, "totals": totals}
