"""The shopper's cart: product ids and quantities in the (database-backed) session, nothing else.

Prices, stock and sellers are re-read from the database every time the cart is shown or checked
out, so a form or an old session can never set a price. The header shows `cart_count`, kept in
the session beside the items, so rendering it costs no query.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from marketplace.products import ProductPage, gallery_prefetch
from pasarlokal.core.money import format_rupiah

from .models import OrderDelivery
from .payments import online_payment_available

CART_KEY = "cart"
COUNT_KEY = "cart_count"
# The name the shopper gave for a WhatsApp order, so the next seller's order does not ask again.
WHATSAPP_NAME_KEY = "whatsapp_name"
SHIP = OrderDelivery.Method.SHIP
# Made-to-order products have no stock to cap them; this keeps a typo from ordering 10,000.
MADE_TO_ORDER_MAX = 99
MAX_LINES = 50


def can_add_to_cart(product):
    """Shown on the product page: buyable, and its seller can take the order somehow."""
    seller = getattr(product, "seller", None)
    if seller is None or not (seller.sells_online or seller.whatsapp):
        return False
    return product.is_buyable


def available_quantity(product):
    if product.made_to_order:
        return MADE_TO_ORDER_MAX
    return max(product.stock.quantity, 0)


def per_order_maximum(product):
    """The seller's maximum per order (never below the product's minimum order)."""
    return max(product.stock.max_per_order, product.minimum_order or 1)


def over_maximum_notice(product, maximum):
    return _("You can order at most %(count)s of %(name)s at once; your quantity was changed.") % {
        "count": maximum,
        "name": product.title,
    }


@dataclass
class CartLine:
    product: ProductPage
    quantity: int

    @property
    def unit_price(self):
        return self.product.stock.price

    @property
    def line_total(self):
        return self.unit_price * self.quantity

    @property
    def sells_online(self):
        return self.product.can_buy_online

    @property
    def available(self):
        return available_quantity(self.product)

    @property
    def photo(self):
        """The product's first photo (prefetched with its renditions by Cart.load)."""
        return self.product.first_image


@dataclass
class SellerGroup:
    seller: object
    lines: list = field(default_factory=list)

    @property
    def subtotal(self):
        return sum(line.line_total for line in self.lines)

    @property
    def shipping_fee(self):
        return self.seller.shipping_fee

    def shipping_for(self, method):
        return self.shipping_fee if method == SHIP else 0

    @property
    def offers_pickup(self):
        return self.seller.offers_pickup

    @property
    def quantity(self):
        return sum(line.quantity for line in self.lines)

    @property
    def sells_online(self):
        """The seller sells online and every item here may be bought online."""
        return self.seller.sells_online and all(line.sells_online for line in self.lines)

    @property
    def can_pay_online(self):
        return self.sells_online and online_payment_available()

    @property
    def can_whatsapp(self):
        return bool(self.seller.whatsapp)


class Cart:
    def __init__(self, session):
        self.session = session
        raw = session.get(CART_KEY) or {}
        self.items = {}
        for key, value in raw.items():
            try:
                product_id, quantity = int(key), int(value)
            except (TypeError, ValueError):
                continue
            if product_id > 0 and quantity > 0:
                self.items[product_id] = quantity

    def __len__(self):
        return sum(self.items.values())

    def save(self):
        self.session[CART_KEY] = {str(pk): qty for pk, qty in self.items.items()}
        self.session[COUNT_KEY] = len(self)
        self.session.modified = True

    def quantity_of(self, product_id):
        return self.items.get(product_id, 0)

    def set(self, product_id, quantity):
        if quantity <= 0:
            self.items.pop(product_id, None)
        elif product_id in self.items or len(self.items) < MAX_LINES:
            self.items[product_id] = quantity
        self.save()

    def remove(self, product_id):
        self.items.pop(product_id, None)
        self.save()

    def remove_many(self, quantities):
        """Take out what was ordered (product id → quantity), keeping anything added since."""
        for product_id, quantity in quantities.items():
            left = self.items.get(product_id, 0) - quantity
            if left > 0:
                self.items[product_id] = left
            else:
                self.items.pop(product_id, None)
        self.save()

    def load(self):
        """Re-read products, prices and stock; fix what changed. Returns (groups, notices)."""
        notices = []
        if not self.items:
            return [], notices
        products = {
            p.pk: p
            for p in ProductPage.objects.live()
            .public()
            .filter(pk__in=self.items)
            .select_related("stock", "seller")
            .prefetch_related(gallery_prefetch())
        }
        groups = {}
        changed = False
        for product_id, quantity in list(self.items.items()):
            product = products.get(product_id)
            if product is None or not can_add_to_cart(product):
                name = product.title if product else _("An item")
                notices.append(
                    _("%(name)s is no longer available and was removed.") % {"name": name}
                )
                del self.items[product_id]
                changed = True
                continue
            maximum = per_order_maximum(product)
            available = available_quantity(product)
            if quantity > maximum and maximum <= available:
                notices.append(over_maximum_notice(product, maximum))
                quantity = self.items[product_id] = maximum
                changed = True
            if quantity > available:
                notices.append(
                    _("Only %(count)s of %(name)s available; your quantity was changed.")
                    % {"count": available, "name": product.title}
                )
                quantity = self.items[product_id] = available
                changed = True
            group = groups.setdefault(product.seller_id, SellerGroup(seller=product.seller))
            group.lines.append(CartLine(product=product, quantity=quantity))
        if changed:
            self.save()
        ordered = sorted(groups.values(), key=lambda g: g.seller.title.lower())
        for group in ordered:
            group.lines.sort(key=lambda line: line.product.title.lower())
        return ordered, notices


def grand_total(groups, methods=None):
    """Items plus shipping of every seller; `methods` maps seller id → ship/pickup (default ship)."""
    methods = methods or {}
    return sum(g.subtotal + g.shipping_for(methods.get(g.seller.pk, SHIP)) for g in groups)


def clamp_quantity(product, wanted):
    """Quantity to keep in the cart and a notice if it had to be lowered (or None)."""
    wanted = max(wanted, product.minimum_order or 1)
    maximum = per_order_maximum(product)
    available = available_quantity(product)
    if wanted > maximum and maximum <= available:
        return maximum, over_maximum_notice(product, maximum)
    if wanted > available:
        return available, _("Only %(count)s of %(name)s available; your quantity was changed.") % {
            "count": available,
            "name": product.title,
        }
    return wanted, None


def whatsapp_message(group, name, method):
    """The prefilled WhatsApp order for one seller's part of the cart, in the shopper's language."""
    lines = [_("Hello %(seller)s, I would like to order:") % {"seller": group.seller.title}]
    for line in group.lines:
        lines.append(
            f"- {line.quantity} × {line.product.title} @ {format_rupiah(line.unit_price)}"
            f" = {format_rupiah(line.line_total)}"
        )
    lines.append(_("Subtotal: %(amount)s") % {"amount": format_rupiah(group.subtotal)})
    if method == "pickup":
        lines.append(_("Delivery: I will pick it up"))
    else:
        lines.append(
            _("Delivery: please ship it (shipping fee %(fee)s)")
            % {"fee": format_rupiah(group.shipping_fee)}
        )
    lines.append(_("Name: %(name)s") % {"name": name})
    lines.append(_("(sent from Pasar Lokal)"))
    return "\n".join(lines)


def cart_snapshot(group, name, method):
    """What the seller was sent, kept with the click for the impact figures."""
    return {
        "items": [
            {
                "product_id": line.product.pk,
                "name": line.product.title,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
            }
            for line in group.lines
        ],
        "subtotal": group.subtotal,
        "delivery": method,
        "shipping_fee": group.shipping_fee if method != "pickup" else 0,
        "currency": "IDR",
        "has_name": bool(name),
    }
