"""Product variants: sizes and colours, each with its own stock and, optionally, its own price.

Like StockRecord, variants live outside page revisions. The rule every reader relies on: for a
product with variants, `StockRecord.quantity` is the SUM of its variants' quantities, kept so by
changing both in the same transaction, variant row first, always by a delta (deltas from
concurrent transactions add up; a recomputed sum could be stale under READ COMMITTED). So the
catalogue's "in stock" facet and sort, `ProductPage.in_stock`, `can_buy_online` and the cart keep
reading one figure. The record also carries a summary of the variants (`variant_count`, their
lowest and highest own prices) so cards say "from Rp…" without another query.
"""

from django.db import models, transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pasarlokal.core import pagecache

from .products import ProductPage, StockRecord

# Sizes in the order shoppers expect; anything else (38, 40, "Anak 6") follows, as typed.
SIZE_ORDER = ["XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL", "ALL SIZE"]


def size_sort_key(label):
    upper = (label or "").strip().upper()
    if upper in SIZE_ORDER:
        return (0, SIZE_ORDER.index(upper), "")
    digits = "".join(ch for ch in upper if ch.isdigit())
    return (1, int(digits) if digits and len(digits) < 6 else 0, upper)


class ProductVariantQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # Variant stock and prices show on public pages, like StockRecord's.
        updated = super().update(**kwargs)
        if updated:
            pagecache.bump()
        return updated


class ProductVariant(models.Model):
    class Kind(models.TextChoices):
        SIZE = "size", _("Size")
        COLOUR = "colour", _("Colour")

    product = models.ForeignKey(
        ProductPage, verbose_name=_("product"), on_delete=models.CASCADE, related_name="variants"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SIZE)
    label = models.CharField(
        _("label"), max_length=40, help_text=_("e.g. M, All size, Hijau botol")
    )
    sort_order = models.IntegerField(_("sort order"), default=0)
    quantity = models.IntegerField(_("stock"), default=0)
    price = models.PositiveBigIntegerField(
        _("price (Rp)"), null=True, blank=True, help_text=_("Empty means the product's price.")
    )
    sku = models.CharField(_("SKU"), max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductVariantQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="variant_quantity_not_negative"
            ),
            models.UniqueConstraint(
                fields=["product", "kind", "label"], name="one_variant_per_label"
            ),
        ]
        indexes = [models.Index(fields=["kind", "label"], name="variant_kind_label")]
        verbose_name = _("variant")
        verbose_name_plural = _("variants")

    def __str__(self):
        return self.display

    @property
    def display(self):
        """ "Ukuran: M" / "Warna: Hijau botol", in the current language."""
        return f"{self.get_kind_display()}: {self.label}"

    def unit_price(self, product_price):
        return self.price if self.price is not None else product_price

    @property
    def in_stock(self):
        return self.quantity > 0


# --- Stock: one conditional UPDATE per variant, and the product's sum moved with it ----------


def reserve_variant_stock(product_id, variant_id, quantity):
    """Take `quantity` units of one variant of `product_id` if that many are there; True if so."""
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    with transaction.atomic():
        updated = ProductVariant.objects.filter(
            pk=variant_id, product_id=product_id, quantity__gte=quantity
        ).update(quantity=F("quantity") - quantity, updated_at=timezone.now())
        if updated != 1:
            return False
        StockRecord.objects.filter(product_id=product_id).update(
            quantity=F("quantity") - quantity, updated_at=timezone.now()
        )
    return True


def release_variant_stock(product_id, variant_id, quantity):
    """Give back units taken by `reserve_variant_stock` (nothing if the variant was deleted)."""
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    with transaction.atomic():
        updated = ProductVariant.objects.filter(pk=variant_id, product_id=product_id).update(
            quantity=F("quantity") + quantity, updated_at=timezone.now()
        )
        if updated:
            StockRecord.objects.filter(product_id=product_id).update(
                quantity=F("quantity") + quantity, updated_at=timezone.now()
            )


def summarise_variants(product_id):
    """Refresh the record's summary of the variants (count and own-price range), not the stock."""
    summary = ProductVariant.objects.filter(product_id=product_id).aggregate(
        count=Count("pk"),
        unpriced=Count("pk", filter=Q(price__isnull=True)),
        low=Min("price"),
        high=Max("price"),
    )
    StockRecord.objects.filter(product_id=product_id).update(
        variant_count=summary["count"],
        variants_unpriced=summary["unpriced"],
        variant_price_min=summary["low"],
        variant_price_max=summary["high"],
        updated_at=timezone.now(),
    )


class VariantConflict(Exception):
    """A variant's stock moved (an order took or returned units) while the seller edited it."""

    def __init__(self, variant, now):
        super().__init__(variant.pk)
        self.variant = variant
        self.now = now


@transaction.atomic
def save_variants(product, changes, added, deleted):
    """Apply a seller's edits to the variants of `product`, keeping the record's sum in step.

    `changes`: (variant, values, loaded_quantity) with the new kind/label/sort/price/sku/quantity;
    the quantity is compare-and-set against `loaded_quantity` (raises VariantConflict).
    `added`: dicts of new variants. `deleted`: variants to remove (their units leave the sum).
    """
    StockRecord.objects.get_or_create(product_id=product.pk)
    had_variants = ProductVariant.objects.filter(product_id=product.pk).exists()
    delta = 0
    for variant, values, loaded in changes:
        values = dict(values)
        quantity = values.pop("quantity")
        rows = ProductVariant.objects.filter(pk=variant.pk, product_id=product.pk)
        if loaded is not None and quantity != loaded:
            if rows.filter(quantity=loaded).update(
                **values, quantity=quantity, updated_at=timezone.now()
            ):
                delta += quantity - loaded
                continue
            now = rows.values_list("quantity", flat=True).first()
            raise VariantConflict(variant, now)
        rows.update(**values, updated_at=timezone.now())
    for variant in deleted:
        gone = (
            ProductVariant.objects.select_for_update()
            .filter(pk=variant.pk, product_id=product.pk)
            .values_list("quantity", flat=True)
            .first()
        )
        if gone is not None:
            ProductVariant.objects.filter(pk=variant.pk).delete()
            delta -= gone
    for values in added:
        created = ProductVariant.objects.create(product_id=product.pk, **values)
        delta += created.quantity
    records = StockRecord.objects.filter(product_id=product.pk)
    if not had_variants and added:
        # The product's own stock figure gives way to its new variants' sum.
        total = ProductVariant.objects.filter(product_id=product.pk).aggregate(n=Sum("quantity"))
        records.update(quantity=total["n"] or 0, updated_at=timezone.now())
    elif delta:
        records.update(quantity=F("quantity") + delta, updated_at=timezone.now())
    summarise_variants(product.pk)
    pagecache.bump()


def set_variants(product, rows):
    """Give `product` exactly these variants (dicts of kind/label/quantity/price…), demo and tests.

    Existing variants with the same kind and label keep their row (and their stock is set).
    """
    current = {(v.kind, v.label): v for v in ProductVariant.objects.filter(product=product)}
    changes, added = [], []
    for index, row in enumerate(rows):
        row = {"sort_order": index, **row}
        existing = current.pop((row["kind"], row["label"]), None)
        if existing is None:
            added.append(row)
        else:
            changes.append((existing, row, existing.quantity))
    save_variants(product, changes, added, list(current.values()))
    return list(ProductVariant.objects.filter(product=product))
