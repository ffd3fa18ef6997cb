"""Demo content for the catalogue, called by `manage.py seed_demo [--products N]`. Idempotent.

Builds the taxonomy (sectors, categories, regions, certification types), the catalogue and
seller directory pages, ~20 sellers and ~120 products (demo_data.py). `--products N` makes sure
N synthetic products exist as well, inserted in bulk so 10,000 take well under a minute; the
seeder's final update_index indexes them once.
"""

import datetime
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page

from marketplace import tally
from marketplace.catalogue import CatalogueIndexPage
from marketplace.products import Certificate, ProductImage, ProductPage, StockRecord
from marketplace.sellers import SellerIndexPage, SellerPage
from marketplace.taxonomy import Category, CertificationType, Region, Sector, forget_taxonomy
from marketplace.variants import ProductVariant, set_variants
from pasarlokal.demo.data import (
    CERTIFICATION_TYPES,
    PRODUCTS,
    REGIONS,
    SECTORS,
    SELLERS,
    VARIANTS_BY_CATEGORY,
    VARIANTS_BY_TITLE,
)
from pasarlokal.demo.images import demo_image

SYNTHETIC_SLUG_PREFIX = "produk-contoh-"
IMAGE_SIZE = (800, 800)
BATCH = 1000


def seed(ctx):
    home = ctx.home
    if home is None:
        ctx.log("marketplace.demo: no home page, skipped")
        return
    seed_taxonomy()
    catalogue = ensure_index(
        home,
        CatalogueIndexPage,
        slug="katalog",
        title="Katalog",
        intro="<p>Semua produk IKM dari sepuluh kabupaten dan kota di NTB. Saring menurut sektor, "
        "wilayah, sertifikat, harga dan cara membeli.</p>",
    )
    directory = ensure_index(
        home,
        SellerIndexPage,
        slug="penjual",
        title="Penjual",
        intro="<p>Kenali pembuatnya: penenun, perajin, petani kopi dan pelaku usaha kecil di "
        "seluruh NTB.</p>",
    )
    link_home_hero(home, catalogue)
    sellers = seed_sellers(directory)
    created = seed_products(sellers)
    seed_variants()
    ctx.log(
        f"Catalogue: {len(sellers)} sellers, {created} new products "
        f"({ProductPage.objects.count()} in all) at {catalogue.url_path}"
    )
    wanted = (ctx.options or {}).get("products") or 0
    if wanted:
        started = timezone.now()
        added = add_synthetic_products(wanted)
        if added:
            tally.rebuild()  # bulk inserts: the facet tally saw none of them
        seconds = (timezone.now() - started).total_seconds()
        ctx.log(f"Catalogue: {added} synthetic products added in {seconds:.1f}s")
    forget_taxonomy()


def link_home_hero(home, catalogue):
    """The home page's call to action leads to the catalogue (once; editors may change it)."""
    home = home.specific
    if home.hero_cta_page_id is None and not home.hero_cta_url:
        home.hero_cta_page = catalogue
        home.hero_cta_label = home.hero_cta_label or "Jelajahi katalog"
        home.save_revision().publish()


def seed_taxonomy():
    for order, (slug, name, icon, description, categories) in enumerate(SECTORS):
        sector, _created = Sector.objects.in_default_locale().update_or_create(
            slug=slug,
            defaults={"name": name, "icon": icon, "description": description, "sort_order": order},
        )
        for category_order, (category_slug, category_name) in enumerate(categories):
            Category.objects.in_default_locale().update_or_create(
                slug=category_slug,
                defaults={"sector": sector, "name": category_name, "sort_order": category_order},
            )
    for code, slug, name, kind in REGIONS:
        Region.objects.in_default_locale().update_or_create(
            code=code, defaults={"slug": slug, "name": name, "kind": kind}
        )
    for order, (slug, values) in enumerate(CERTIFICATION_TYPES.items()):
        name, short_label, body, pattern, example, help_text = values
        CertificationType.objects.in_default_locale().update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "short_label": short_label,
                "issuing_body": body,
                "number_pattern": pattern,
                "number_example": example,
                "help_text": help_text,
                "sort_order": order,
            },
        )


def ensure_index(home, model, slug, title, intro):
    page = model.objects.child_of(home).first()
    if page is None:
        page = model(title=title, slug=slug, intro=intro, show_in_menus=True)
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def _whatsapp(index):
    # Demo numbers: valid Indonesian mobile numbers (Telkomsel 0812 prefix), stored as 62….
    return f"0812-3700-{1000 + index:04d}"


def seed_sellers(directory):
    regions = {region.slug: region for region in Region.objects.in_default_locale()}
    sectors = {sector.slug: sector for sector in Sector.objects.in_default_locale()}
    sellers = {}
    for index, row in enumerate(SELLERS):
        slug, name, owner, region, sector, online, story, address, nib = row
        seller = SellerPage.objects.child_of(directory).filter(slug=slug).first()
        if seller is None:
            seller = SellerPage(
                title=name,
                slug=slug,
                owner_name=owner,
                story=f"<p>{story}</p>",
                logo=demo_image(f"Logo {name}", region and regions[region].name, size=(400, 400)),
                region=regions[region],
                sector=sectors[sector],
                address=address,
                whatsapp=_whatsapp(index),
                email=f"{slug[:30]}@contoh.pasarlokal.id",
                instagram_url=f"https://www.instagram.com/{slug.replace('-', '')[:28]}/",
                nib=nib,
                sells_online=online,
                shipping_fee=25_000 if online else 0,
                shipping_notes="Dikirim dari NTB lewat JNE, J&T atau Pos Indonesia, 2–5 hari kerja."
                if online
                else "",
                offers_pickup=True,
                returns_note=RETURNS_NOTE,
                pickup_notes=f"Ambil langsung di {address.split(',')[0]} (hubungi dulu lewat WhatsApp).",
                search_description=story[:150],
            )
            directory.add_child(instance=seller)
            seller.save_revision().publish()
        sellers[slug] = seller
    return sellers


RETURNS_NOTE = (
    "Barang rusak atau tidak sesuai pesanan? Kirim foto lewat WhatsApp paling lambat 2 hari "
    "setelah diterima; kami ganti atau tukar tanpa biaya."
)

# Shelf life and storage of the demo's food and drink, by category (kuliner: by kind).
SHELF_LIFE = {
    "kopi-teh": "12 bulan; simpan tertutup rapat, jauh dari sinar matahari",
    "madu": "24 bulan; simpan di suhu ruang, tidak perlu di kulkas",
    "susu-olahan": "6 bulan tertutup; setelah dibuka simpan di kulkas, habiskan dalam 7 hari",
    "olahan-laut": "6 bulan; simpan di tempat kering dan sejuk",
    "garam": "36 bulan; simpan di tempat kering, tutup rapat",
    "camilan": "3 bulan; simpan di toples tertutup",
    "kuliner": "6 bulan; setelah dibuka simpan di kulkas",
}
FROZEN_SHELF_LIFE = "3 bulan di freezer (−18 °C); jangan dibekukan ulang setelah dicairkan"


def demo_shelf_life(category, title):
    if category == "kuliner" and "Beku" in title:
        return FROZEN_SHELF_LIFE
    return SHELF_LIFE.get(category, "")


def seed_products(sellers):
    categories = {category.slug: category for category in Category.objects.in_default_locale()}
    cert_types = {
        cert_type.slug: cert_type for cert_type in CertificationType.objects.in_default_locale()
    }
    now = timezone.now()
    today = timezone.localdate()
    created = 0
    position = 0
    for seller_slug, rows in PRODUCTS.items():
        seller = sellers[seller_slug]
        existing = set(ProductPage.objects.child_of(seller).values_list("slug", flat=True))
        for row in rows:
            title, category, price, unit, quantity, made_to_order, materials, summary, certs = row
            position += 1
            slug = slugify(title)[:80]
            if slug in existing:
                continue
            published = now - datetime.timedelta(hours=position * 7)
            product = ProductPage(
                title=title,
                slug=slug,
                summary=summary,
                description=(
                    f"<p>{summary}</p><p>Dibuat oleh {seller.title} di {seller.region.name}. "
                    "Hubungi penjual untuk pesanan dalam jumlah besar atau kiriman ke luar NTB.</p>"
                ),
                category=categories[category],
                unit=unit,
                minimum_order=10 if unit in ("pcs", "polybag") and (price or 0) < 10_000 else 1,
                made_to_order=made_to_order,
                materials=materials,
                shelf_life=demo_shelf_life(category, title),
                first_published_at=published,
                last_published_at=published,
            )
            product._pending_offer = {
                "price": price,
                "quantity": quantity,
                "sells_online": True,
            }
            seller.add_child(instance=product)
            image = demo_image(title, seller.title, size=IMAGE_SIZE)
            ProductImage.objects.create(
                product=product,
                image=image,
                alt_text=f"{title} dari {seller.title}",
                sort_order=0,
            )
            if position % 3 == 0:
                detail = demo_image(f"{title} — detail", seller.region.name, size=IMAGE_SIZE)
                ProductImage.objects.create(
                    product=product,
                    image=detail,
                    alt_text=f"Detail {title}",
                    sort_order=1,
                )
            for cert_slug, number, days, verified in certs:
                Certificate.objects.create(
                    product=product,
                    certification_type=cert_types[cert_slug],
                    number=number,
                    valid_until=today + datetime.timedelta(days=days),
                    verified=verified,
                    verified_at=now if verified else None,
                )
            created += 1
    return created


def seed_variants():
    """Sizes for the busana muslim products, colours for a few crafts (once: sellers edit them)."""
    with_variants = set(ProductVariant.objects.values_list("product_id", flat=True).distinct())
    titles = {row[0]: row[1] for rows in PRODUCTS.values() for row in rows}
    products = ProductPage.objects.filter(title__in=titles).select_related("stock")
    for product in products:
        spec = VARIANTS_BY_TITLE.get(product.title) or VARIANTS_BY_CATEGORY.get(
            titles[product.title]
        )
        if spec is None or product.pk in with_variants:
            continue
        kind, rows = spec
        base = product.stock.price or 0
        set_variants(
            product,
            [
                {
                    "kind": kind,
                    "label": label,
                    "quantity": 0 if product.made_to_order else quantity,
                    "price": base + extra if extra else None,
                }
                for label, quantity, extra in rows
            ],
        )


# --- Synthetic products for scale work ----------------------------------------------------

ADJECTIVES = ["Asli", "Premium", "Khas", "Pilihan", "Tradisional", "Spesial", "Klasik", "Segar"]


def add_synthetic_products(wanted):
    """Make sure `wanted` synthetic products exist; returns how many were added.

    Pages are inserted in bulk with treebeard paths computed here (no per-page revisions, no
    per-page search-index or reference-index work); `seed_demo` updates the index once after.
    """
    have = ProductPage.objects.filter(slug__startswith=SYNTHETIC_SLUG_PREFIX).count()
    todo = wanted - have
    if todo <= 0:
        return 0
    sellers = list(SellerPage.objects.order_by("path"))
    categories = list(Category.objects.in_default_locale().select_related("sector"))
    regions = list(Region.objects.in_default_locale())
    if not (sellers and categories):
        return 0
    images = {
        category.pk: demo_image(f"Contoh {category.name}", category.sector.name, size=(600, 450))
        for category in categories
    }
    content_type = ContentType.objects.get_for_model(ProductPage)
    locale_id = sellers[0].locale_id
    # The next free child position under each seller.
    next_step = {}
    for seller in sellers:
        last = seller.get_last_child()
        next_step[seller.pk] = (
            (ProductPage._str2int(last.path[-ProductPage.steplen :]) + 1) if last else 1
        )
    rng = random.Random(wanted)
    now = timezone.now()
    added = 0
    while added < todo:
        batch = min(BATCH, todo - added)
        pages, offers, numchild = [], [], {}
        for offset in range(batch):
            number = have + added + offset + 1
            seller = sellers[number % len(sellers)]
            category = categories[number % len(categories)]
            region = regions[(number * 7) % len(regions)] if regions else None
            step = next_step[seller.pk]
            next_step[seller.pk] = step + 1
            numchild[seller.pk] = numchild.get(seller.pk, 0) + 1
            slug = f"{SYNTHETIC_SLUG_PREFIX}{number:06d}"
            title = f"{category.name} {rng.choice(ADJECTIVES)} {seller.region.name if seller.region_id else ''} #{number}".replace(
                "  ", " "
            )
            published = now - datetime.timedelta(minutes=number)
            pages.append(
                ProductPage(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=ProductPage._get_path(seller.path, seller.depth + 1, step),
                    depth=seller.depth + 1,
                    numchild=0,
                    url_path=f"{seller.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    content_type=content_type,
                    locale_id=locale_id,
                    translation_key=uuid.uuid4(),
                    summary=f"Produk contoh untuk uji skala: {category.name.lower()}.",
                    description="",
                    category=category,
                    seller=seller,
                    unit="pcs",
                    minimum_order=1,
                    made_to_order=number % 17 == 0,
                    materials="",
                    origin_region=region,
                )
            )
            price = None if number % 23 == 0 else rng.randrange(5, 5000) * 1000
            offers.append(
                (price, 0 if number % 11 == 0 else rng.randrange(1, 200), number % 5 != 0)
            )
        _bulk_insert_pages(pages)
        StockRecord.objects.bulk_create(
            [
                StockRecord(product_id=page.pk, price=price, quantity=quantity, sells_online=online)
                for page, (price, quantity, online) in zip(pages, offers, strict=True)
            ]
        )
        ProductImage.objects.bulk_create(
            [
                ProductImage(
                    product_id=page.pk,
                    image=images[page.category_id],
                    alt_text=page.title,
                    sort_order=0,
                )
                for page in pages
            ]
        )
        for seller_pk, count in numchild.items():
            Page.objects.filter(pk=seller_pk).update(numchild=F("numchild") + count)
        added += batch
    return added


def _bulk_insert_pages(pages):
    """Insert ProductPages (multi-table: the Page row, then the ProductPage row) in bulk.

    Django's bulk_create refuses multi-table models, so the Page rows go in through Page's
    bulk_create (which returns their ids) and the ProductPage rows through the same insert
    machinery with just ProductPage's own columns.
    """
    page_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
    base_rows = [Page(**{name: getattr(page, name) for name in page_fields}) for page in pages]
    Page.objects.bulk_create(base_rows)
    for page, base in zip(pages, base_rows, strict=True):
        page.page_ptr_id = page.pk = base.pk
        page._state.adding = False
    own_fields = ProductPage._meta.local_concrete_fields
    ProductPage._base_manager.all()._batched_insert(pages, own_fields, batch_size=BATCH)
