"""The shopper's cart: product ids (with the chosen size or colour) and quantities in the
(database-backed) session, nothing else. A line's key is `(product id, variant id or None)`,
stored as "12" or "12:34".

Prices, stock and sellers are re-read from the database every time the cart is shown or checked
out, so a form or an old session can never set a price. The header shows `cart_count`, kept in
the session beside the items, so rendering it costs no query.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from marketplace.products import ProductPage, gallery_prefetch
from marketplace.variants import ProductVariant
from pasarlokal.core.money import format_rupiah

from .models import OrderDelivery, variant_name
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


def available_quantity(product, variant=None):
    if product.made_to_order:
        return MADE_TO_ORDER_MAX
    if variant is not None:
        return max(variant.quantity, 0)
    return max(product.stock.quantity, 0)


def line_key(product_id, variant_id=None):
    return f"{product_id}:{variant_id}" if variant_id else str(product_id)


def parse_line_key(key):
    """ "12" → (12, None), "12:34" → (12, 34); None for anything else."""
    product, _sep, variant = str(key).partition(":")
    try:
        product_id = int(product)
        variant_id = int(variant) if variant else None
    except ValueError:
        return None
    if product_id <= 0 or (variant_id is not None and variant_id <= 0):
        return None
    return product_id, variant_id


def per_order_maximum(product):
    """The seller's maximum per order (never below the product's minimum order)."""
    return max(product.stock.max_per_order, product.minimum_order or 1)


def over_maximum_notice(product, maximum, variant=None):
    return _("You can order at most %(count)s of %(name)s at once; your quantity was changed.") % {
        "count": maximum,
        "name": item_name(product, variant),
    }


def item_name(product, variant=None):
    """ "Gamis Tenun — Ukuran: M", or the product's name alone."""
    return variant_name(product.title, variant.display if variant else "")


def unit_price(product, variant=None):
    price = product.stock.price
    return variant.unit_price(price) if variant is not None else price


@dataclass
class CartLine:
    product: ProductPage
    quantity: int
    variant: ProductVariant | None = None

    @property
    def key(self):
        return line_key(self.product.pk, self.variant.pk if self.variant else None)

    @property
    def name(self):
        return item_name(self.product, self.variant)

    @property
    def unit_price(self):
        return unit_price(self.product, self.variant)

    @property
    def line_total(self):
        return self.unit_price * self.quantity

    @property
    def sells_online(self):
        return self.product.can_buy_online

    @property
    def available(self):
        return available_quantity(self.product, self.variant)

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
            parsed = parse_line_key(key)
            try:
                quantity = int(value)
            except (TypeError, ValueError):
                continue
            if parsed is not None and quantity > 0:
                self.items[parsed] = quantity

    def __len__(self):
        return sum(self.items.values())

    def save(self):
        self.session[CART_KEY] = {line_key(*key): qty for key, qty in self.items.items()}
        self.session[COUNT_KEY] = len(self)
        self.session.modified = True

    def quantity_of(self, product_id, variant_id=None):
        return self.items.get((product_id, variant_id), 0)

    def set(self, product_id, quantity, variant_id=None):
        key = (product_id, variant_id)
        if quantity <= 0:
            self.items.pop(key, None)
        elif key in self.items or len(self.items) < MAX_LINES:
            self.items[key] = quantity
        self.save()

    def remove(self, product_id, variant_id=None):
        self.items.pop((product_id, variant_id), None)
        self.save()

    def remove_many(self, quantities):
        """Take out what was ordered ((product id, variant id) → quantity), keeping anything added
        since."""
        for key, quantity in quantities.items():
            left = self.items.get(key, 0) - quantity
            if left > 0:
                self.items[key] = left
            else:
                self.items.pop(key, None)
        self.save()

    def _drop(self, key, notices, name):
        notices.append(_("%(name)s is no longer available and was removed.") % {"name": name})
        del self.items[key]

    def load(self):
        """Re-read products, prices and stock; fix what changed. Returns (groups, notices)."""
        notices = []
        if not self.items:
            return [], notices
        products = {
            p.pk: p
            for p in ProductPage.objects.live()
            .public()
            .filter(pk__in={product_id for product_id, _v in self.items})
            .select_related("stock", "seller")
            .prefetch_related(gallery_prefetch())
        }
        variant_ids = {variant_id for _p, variant_id in self.items if variant_id}
        # Only carts holding a size or colour pay for this query.
        variants = (
            {v.pk: v for v in ProductVariant.objects.filter(pk__in=variant_ids)}
            if variant_ids
            else {}
        )
        groups = {}
        changed = False
        for key, quantity in list(self.items.items()):
            product_id, variant_id = key
            product = products.get(product_id)
            if product is None or not can_add_to_cart(product):
                self._drop(key, notices, product.title if product else _("An item"))
                changed = True
                continue
            variant = variants.get(variant_id) if variant_id else None
            if (variant_id and (variant is None or variant.product_id != product_id)) or (
                variant_id is None and product.has_variants
            ):
                # The size was deleted, or the product gained sizes since it was added.
                self._drop(key, notices, product.title)
                changed = True
                continue
            name = item_name(product, variant)
            maximum = per_order_maximum(product)
            available = available_quantity(product, variant)
            if available <= 0:
                notices.append(_("%(name)s sold out and was removed.") % {"name": name})
                del self.items[key]
                changed = True
                continue
            if quantity > maximum and maximum <= available:
                notices.append(over_maximum_notice(product, maximum, variant))
                quantity = self.items[key] = maximum
                changed = True
            if quantity > available:
                notices.append(
                    _("Only %(count)s of %(name)s available; your quantity was changed.")
                    % {"count": available, "name": name}
                )
                quantity = self.items[key] = available
                changed = True
            group = groups.setdefault(product.seller_id, SellerGroup(seller=product.seller))
            group.lines.append(CartLine(product=product, quantity=quantity, variant=variant))
        if changed:
            self.save()
        ordered = sorted(groups.values(), key=lambda g: g.seller.title.lower())
        for group in ordered:
            group.lines.sort(
                key=lambda line: (
                    line.product.title.lower(),
                    line.variant.sort_order if line.variant else 0,
                    line.variant.pk if line.variant else 0,
                )
            )
        return ordered, notices


def grand_total(groups, methods=None):
    """Items plus shipping of every seller; `methods` maps seller id → ship/pickup (default ship)."""
    methods = methods or {}
    return sum(g.subtotal + g.shipping_for(methods.get(g.seller.pk, SHIP)) for g in groups)


def clamp_quantity(product, wanted, variant=None):
    """Quantity to keep in the cart and a notice if it had to be lowered (or None)."""
    wanted = max(wanted, product.minimum_order or 1)
    maximum = per_order_maximum(product)
    available = available_quantity(product, variant)
    if wanted > maximum and maximum <= available:
        return maximum, over_maximum_notice(product, maximum, variant)
    if wanted > available:
        return available, _("Only %(count)s of %(name)s available; your quantity was changed.") % {
            "count": available,
            "name": item_name(product, variant),
        }
    return wanted, None


def whatsapp_message(group, name, method):
    """The prefilled WhatsApp order for one seller's part of the cart, in the shopper's language."""
    lines = [_("Hello %(seller)s, I would like to order:") % {"seller": group.seller.title}]
    for line in group.lines:
        lines.append(
            f"- {line.quantity} × {line.name} @ {format_rupiah(line.unit_price)}"
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


def snapshot_item(line):
    item = {
        "product_id": line.product.pk,
        "name": line.product.title,
        "quantity": line.quantity,
        "unit_price": line.unit_price,
    }
    if line.variant is not None:
        item["variant_id"] = line.variant.pk
        item["variant"] = line.variant.display
    return item


def cart_snapshot(group, name, method):
    """What the seller was sent, kept with the click for the impact figures."""
    return {
        "items": [snapshot_item(line) for line in group.lines],
        "subtotal": group.subtotal,
        "delivery": method,
        "shipping_fee": group.shipping_fee if method != "pickup" else 0,
        "currency": "IDR",
        "has_name": bool(name),
    }
