"""Print-ready QR posters: an A6 table card and an A4 poster for a product, a seller, an IKM
centre or an event, and the bazaar pack (four A6 cards to an A4 sheet, one for every live product
of the sellers taking part in an event).

Drawn with reportlab (vector text and QR, fonts bundled with reportlab and embedded in the PDF)
and segno (the QR matrix). The QR leads to a first-party redirect (campaign.qr) that counts the
scan as a contact click with channel "qr" and then opens the page.
"""

import io
from dataclasses import dataclass, field
from pathlib import Path

import segno
from reportlab import rl_config
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Site

from marketplace.catalogue import live_products
from marketplace.products import Certificate, ProductPage
from marketplace.sellers import SellerPage
from pasarlokal.core.money import format_rupiah

from .centres import CentrePage
from .events import EventPage

SIZES = {"a6": A6, "a4": A4}
PHOTO_SPEC = "fill-900x600|format-jpeg|jpegquality-85"
BRAND = HexColor("#0f5c5a")
ACCENT = HexColor("#e4a11b")
INK = HexColor("#1d2525")
MUTED = HexColor("#4f5b5b")
BADGE = HexColor("#e6f2f1")
FONT, FONT_BOLD = "PasarLokalSans", "PasarLokalSans-Bold"


def _register_fonts():
    # Bitstream Vera ships inside reportlab; embedded, so every printer shows the same letters.
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(rl_config.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "VeraBd.ttf")))


@dataclass
class Poster:
    """What one card or poster shows."""

    title: str
    qr_url: str
    display_url: str
    kicker: str = ""
    image: object = None
    price: str = ""
    lines: list = field(default_factory=list)  # seller · region, venue, dates…
    badges: list = field(default_factory=list)  # (label, verified)
    call_to_action: str = ""


# --- What goes on a poster ----------------------------------------------------------------


def site_root(request=None):
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def qr_url(root, size, page_id, event_id=None):
    if event_id is not None:
        path = reverse("campaign:qr_bazaar", args=[event_id, page_id])
    else:
        path = reverse("campaign:qr", args=[size, page_id])
    return root + path


def _short(url):
    return url.split("://", 1)[-1].rstrip("/")


def _first(items):
    items = list(items)
    return items[0].image if items else None


def _product_badges(certificates):
    return [(c.certification_type.short_label, c.verified) for c in certificates]


def product_poster(product, root, size, event=None, certificates=None):
    seller = product.seller
    if certificates is None:
        certificates = product.certificates.current().select_related("certification_type")
    lines = []
    if seller:
        region = seller.region.name if seller.region_id else ""
        lines.append(" · ".join(part for part in (seller.title, region) if part))
    return Poster(
        title=product.title,
        kicker=product.category.name if product.category_id else _("Local product"),
        qr_url=qr_url(root, size, product.pk, event.pk if event else None),
        display_url=_short(product.get_full_url() or root),
        image=_first(product.gallery_images.all()),
        price=format_rupiah(product.price) if product.price is not None else "",
        lines=lines,
        badges=_product_badges(certificates),
        call_to_action=_("Scan to see it and chat with the seller"),
    )


def seller_poster(seller, root, size):
    certificates = (
        Certificate.objects.current()
        .filter(product__in=live_products().filter(seller=seller), verified=True)
        .select_related("certification_type")
    )
    seen, badges = set(), []
    if seller.nib:
        badges.append((_("NIB"), True))
    for certificate in certificates:
        label = certificate.certification_type.short_label
        if label not in seen:
            seen.add(label)
            badges.append((label, True))
    photos = list(seller.photos.all())
    return Poster(
        title=seller.title,
        kicker=seller.sector.name if seller.sector_id else _("Local seller"),
        qr_url=qr_url(root, size, seller.pk),
        display_url=_short(seller.get_full_url() or root),
        image=photos[0].image if photos else seller.logo,
        lines=[
            " · ".join(
                part
                for part in (seller.owner_name, seller.region.name if seller.region_id else "")
                if part
            )
        ],
        badges=badges,
        call_to_action=_("Scan to see the shop and chat on WhatsApp"),
    )


def centre_poster(centre, root, size):
    place = ", ".join(
        part
        for part in (
            centre.village,
            centre.district,
            centre.region.name if centre.region_id else "",
        )
        if part
    )
    return Poster(
        title=centre.title,
        kicker=_("IKM centre"),
        qr_url=qr_url(root, size, centre.pk),
        display_url=_short(centre.get_full_url() or root),
        image=_first(centre.photos.all()),
        lines=[line for line in (place, centre.summary) if line],
        badges=[(c.name, False) for c in centre.specialities.all()[:4]],
        call_to_action=_("Scan to meet the makers of this centre"),
    )


def event_when(event):
    start = timezone.localtime(event.start)
    end = timezone.localtime(event.end)
    if start.date() == end.date():
        return f"{start:%d.%m.%Y} · {start:%H.%M}–{end:%H.%M} WITA"
    return f"{start:%d.%m.%Y %H.%M} – {end:%d.%m.%Y %H.%M} WITA"


def event_poster(event, root, size):
    place = ", ".join(
        part for part in (event.venue, event.region.name if event.region_id else "") if part
    )
    return Poster(
        title=event.title,
        kicker=_("Event"),
        qr_url=qr_url(root, size, event.pk),
        display_url=_short(event.get_full_url() or root),
        image=event.hero_image,
        lines=[event_when(event), place],
        call_to_action=_("Scan for the programme and the sellers taking part"),
    )


def poster_for(page, root, size):
    """The Poster for a product, seller, centre or event page (specific), or None."""
    page = page.specific
    if isinstance(page, ProductPage):
        return product_poster(page, root, size)
    if isinstance(page, SellerPage):
        return seller_poster(page, root, size)
    if isinstance(page, CentrePage):
        return centre_poster(page, root, size)
    if isinstance(page, EventPage):
        return event_poster(page, root, size)
    return None


def bazaar_products(event):
    """Live products of the live sellers taking part in `event`: a constant number of queries."""
    seller_ids = [s.pk for s in event.related_sellers.all() if s.live]
    return list(
        live_products()
        .filter(seller_id__in=seller_ids)
        .select_related("seller__region")
        .order_by("seller__title", "title", "pk")
    )


# --- Drawing ------------------------------------------------------------------------------


def _wrap(text, font, size, width, max_lines):
    words, lines, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if pdfmetrics.stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        if len(lines) == max_lines:
            break
    if current and len(lines) < max_lines:
        lines.append(current)
    if len(lines) == max_lines and " ".join(lines) != " ".join(words):
        last = lines[-1]
        while last and pdfmetrics.stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def _wrap_chars(text, font, size, width, max_lines):
    """Lines for text without spaces (a URL), broken anywhere; the last one ends in "…"."""
    lines, current = [], ""
    for char in text:
        if pdfmetrics.stringWidth(current + char, font, size) > width:
            lines.append(current)
            current = ""
        current += char
    lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and pdfmetrics.stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines


def _draw_qr(canvas, url, x, y, side):
    """The QR as vector squares (crisp at any print size), quiet zone included in `side`."""
    qr = segno.make(url, error="m", micro=False)
    matrix = list(qr.matrix)
    border = 4
    count = len(matrix) + 2 * border
    module = side / count
    canvas.setFillColor(white)
    canvas.rect(x, y, side, side, stroke=0, fill=1)
    canvas.setFillColor(INK)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            if dark:
                path.rect(
                    x + (col_index + border) * module,
                    y + side - (row_index + border + 1) * module,
                    module,
                    module,
                )
    canvas.drawPath(path, stroke=0, fill=1)


def _image_reader(image):
    if image is None:
        return None
    try:
        rendition = image.get_rendition(PHOTO_SPEC)
        with rendition.file.open("rb") as handle:
            return ImageReader(io.BytesIO(handle.read()))
    except Exception:  # a missing or unreadable file: print the poster without the photo
        return None


def _draw_check(canvas, x, y, size):
    canvas.setLineWidth(size * 0.18)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    canvas.lines([(x, y + size * 0.5, x + size * 0.35, y + size * 0.15)])
    canvas.lines([(x + size * 0.35, y + size * 0.15, x + size, y + size * 0.85)])


def draw_card(canvas, poster, x, y, width, height):
    """One card or poster filling the box (x, y, width, height); sizes follow the width."""
    unit = width / (105 * mm)  # 1 at A6 width, 2 at A4
    pad = 7 * mm * unit
    inner = width - 2 * pad

    # Brand band.
    band = 11 * mm * unit
    canvas.setFillColor(BRAND)
    canvas.rect(x, y + height - band, width, band, stroke=0, fill=1)
    canvas.setFillColor(ACCENT)
    canvas.rect(x, y + height - band - 1.2 * mm * unit, width, 1.2 * mm * unit, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont(FONT_BOLD, 12 * unit)
    canvas.drawString(x + pad, y + height - band + 3.8 * mm * unit, "Pasar Lokal")
    canvas.setFont(FONT, 7.5 * unit)
    canvas.drawRightString(
        x + width - pad, y + height - band + 4 * mm * unit, _("Buy local · Nusa Tenggara Barat")
    )
    top = y + height - band - 1.2 * mm * unit - 4 * mm * unit

    # Photo (3:2), when there is one.
    reader = _image_reader(poster.image)
    if reader is not None:
        photo_h = inner * 2 / 3 * (0.78 if height / width < 1.45 else 1)
        photo_w = photo_h * 1.5
        canvas.drawImage(
            reader, x + (width - photo_w) / 2, top - photo_h, photo_w, photo_h, mask="auto"
        )
        top -= photo_h + 4 * mm * unit

    # Kicker, title, price, lines.
    canvas.setFillColor(BRAND)
    canvas.setFont(FONT_BOLD, 7.5 * unit)
    if poster.kicker:
        canvas.drawString(x + pad, top - 7.5 * unit, poster.kicker.upper())
        top -= 7.5 * unit + 2 * mm * unit
    canvas.setFillColor(INK)
    title_size = 15 * unit
    for line in _wrap(poster.title, FONT_BOLD, title_size, inner, 2):
        canvas.setFont(FONT_BOLD, title_size)
        canvas.drawString(x + pad, top - title_size, line)
        top -= title_size * 1.15
    top -= 1 * mm * unit
    if poster.price:
        canvas.setFillColor(BRAND)
        canvas.setFont(FONT_BOLD, 16 * unit)
        canvas.drawString(x + pad, top - 16 * unit, poster.price)
        top -= 16 * unit * 1.25
    canvas.setFillColor(MUTED)
    for text in poster.lines:
        for line in _wrap(text, FONT, 8.5 * unit, inner, 2):
            canvas.setFont(FONT, 8.5 * unit)
            canvas.drawString(x + pad, top - 8.5 * unit, line)
            top -= 8.5 * unit * 1.3

    # Badges: certificates (a check mark when verified by the industry office).
    if poster.badges:
        top -= 1.5 * mm * unit
        size = 7 * unit
        bx = x + pad
        bh = size + 2.4 * mm * unit
        for label, verified in poster.badges[:5]:
            text_w = pdfmetrics.stringWidth(label, FONT_BOLD, size)
            bw = text_w + 4 * mm * unit + (size if verified else 0)
            if bx + bw > x + width - pad:
                break
            canvas.setFillColor(BADGE)
            canvas.roundRect(bx, top - bh, bw, bh, bh / 2, stroke=0, fill=1)
            canvas.setFillColor(BRAND)
            canvas.setStrokeColor(BRAND)
            tx = bx + 2 * mm * unit
            if verified:
                _draw_check(canvas, tx, top - bh + 1.3 * mm * unit, size * 0.8)
                tx += size
            canvas.setFont(FONT_BOLD, size)
            canvas.drawString(tx, top - bh + 1.3 * mm * unit + size * 0.12, label)
            bx += bw + 1.5 * mm * unit

    # QR with its call to action, at the bottom.
    qr_side = 34 * mm * unit
    qr_x = x + width - pad - qr_side
    qr_y = y + pad * 0.6
    _draw_qr(canvas, poster.qr_url, qr_x, qr_y, qr_side)
    text_w = qr_x - x - pad - 3 * mm * unit
    canvas.setFillColor(INK)
    ty = qr_y + qr_side - 4 * mm * unit
    for line in _wrap(poster.call_to_action, FONT_BOLD, 9.5 * unit, text_w, 3):
        canvas.setFont(FONT_BOLD, 9.5 * unit)
        canvas.drawString(x + pad, ty - 9.5 * unit, line)
        ty -= 9.5 * unit * 1.25
    canvas.setFillColor(MUTED)
    canvas.setFont(FONT, 6.5 * unit)
    for line in _wrap_chars(poster.display_url, FONT, 6.5 * unit, text_w, 3):
        ty -= 1.5 * mm * unit
        canvas.drawString(x + pad, ty - 6.5 * unit, line)
        ty -= 6.5 * unit


def _new_canvas(buffer, pagesize, title):
    _register_fonts()
    canvas = Canvas(buffer, pagesize=pagesize, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Pasar Lokal")
    canvas.setCreator("Pasar Lokal")
    return canvas


def render_poster(poster, size):
    """The PDF bytes of one A6 card or A4 poster."""
    buffer = io.BytesIO()
    pagesize = SIZES[size]
    canvas = _new_canvas(buffer, pagesize, poster.title)
    draw_card(canvas, poster, 0, 0, *pagesize)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_bazaar_pack(event, root):
    """One PDF for `event`: four A6 cards to each A4 sheet, with cut marks between them."""
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer, A4, _("Bazaar pack: %(event)s") % {"event": event.title})
    products = bazaar_products(event)
    certificates = {}
    for certificate in (
        Certificate.objects.current()
        .filter(product__in=[p.pk for p in products])
        .select_related("certification_type")
    ):
        certificates.setdefault(certificate.product_id, []).append(certificate)
    card_w, card_h = A6
    positions = [(0, card_h), (card_w, card_h), (0, 0), (card_w, 0)]
    if not products:
        canvas.setFont(FONT, 14)
        canvas.drawString(
            20 * mm, A4[1] - 30 * mm, _("No live products of the sellers taking part.")
        )
    for index, product in enumerate(products):
        if index and index % 4 == 0:
            canvas.showPage()
        px, py = positions[index % 4]
        poster = product_poster(
            product, root, "a6", event=event, certificates=certificates.get(product.pk, [])
        )
        draw_card(canvas, poster, px, py, card_w, card_h)
        if index % 4 == 3 or index == len(products) - 1:
            canvas.setStrokeColor(MUTED)
            canvas.setLineWidth(0.3)
            canvas.setDash(3, 3)
            canvas.line(card_w, 0, card_w, A4[1])
            canvas.line(0, card_h, A4[0], card_h)
            canvas.setDash()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
