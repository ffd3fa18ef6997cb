"""Pleasant placeholder artwork for demo content, drawn locally with Pillow (no downloads)."""

import hashlib
import io
import math
import random

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Collection

PALETTES = [
    ("#0f5c5a", "#1b8a7a", "#d9a441", "#fbf7f1"),  # teal and gold
    ("#8f3620", "#b5472b", "#f2c14e", "#fff7e8"),  # terracotta
    ("#3b2a59", "#6b4c9a", "#e8b04b", "#f7f0ff"),  # songket purple
    ("#1d4e89", "#3a7dc9", "#f4d35e", "#eef5ff"),  # sea
    ("#5a3e2b", "#8c6446", "#e3c08d", "#fbf3e6"),  # coffee
    ("#2f5d3a", "#4f8f5b", "#f0c05a", "#effaf0"),  # rice field
    ("#7a1f3d", "#b23a5f", "#f5b841", "#fff0f4"),  # tenun red
]


def _font(size):
    for path in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _wrap(draw, text, font, width):
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines[:3]


def render_artwork(title, subtitle="", size=(1200, 900), motif=None):
    """PNG bytes: a woven-pattern background in one of the palettes, with the title on a band."""
    seed = int(hashlib.sha256(title.encode()).hexdigest()[:8], 16)
    rng = random.Random(seed)
    dark, mid, accent, light = PALETTES[seed % len(PALETTES)]
    width, height = size
    img = PILImage.new("RGB", size, dark)
    draw = ImageDraw.Draw(img)
    # Diagonal gradient.
    for y in range(0, height, 4):
        t = y / height
        r1, g1, b1 = PILImage.new("RGB", (1, 1), dark).getpixel((0, 0))
        r2, g2, b2 = PILImage.new("RGB", (1, 1), mid).getpixel((0, 0))
        colour = (int(r1 + (r2 - r1) * t), int(g1 + (g2 - g1) * t), int(b1 + (b2 - b1) * t))
        draw.rectangle([0, y, width, y + 4], fill=colour)
    motif = motif if motif is not None else seed % 3
    step = rng.choice([60, 80, 100])
    if motif == 0:  # songket diamonds
        for row, y in enumerate(range(-step, height + step, step)):
            for x in range(-step, width + step, step):
                cx = x + (step // 2 if row % 2 else 0)
                pts = [
                    (cx, y - step // 3),
                    (cx + step // 3, y),
                    (cx, y + step // 3),
                    (cx - step // 3, y),
                ]
                draw.polygon(pts, outline=accent, width=3)
                draw.ellipse([cx - 5, y - 5, cx + 5, y + 5], fill=accent)
    elif motif == 1:  # woven stripes
        for i, x in enumerate(range(0, width, step // 2)):
            if i % 3 == 0:
                draw.rectangle([x, 0, x + step // 6, height], fill=accent)
        for i, y in enumerate(range(0, height, step // 2)):
            if i % 4 == 1:
                draw.rectangle([0, y, width, y + step // 8], fill=light)
    else:  # pottery circles
        for _ in range(14):
            cx, cy = rng.randrange(width), rng.randrange(height)
            radius = rng.randrange(40, 200)
            for k in range(3):
                rr = radius - k * 18
                if rr > 0:
                    draw.ellipse(
                        [cx - rr, cy - rr, cx + rr, cy + rr],
                        outline=accent if k % 2 == 0 else light,
                        width=4,
                    )
    # Sun/accent shape.
    angle = rng.random() * math.tau
    sx, sy = int(width * (0.75 + 0.1 * math.cos(angle))), int(height * 0.22)
    draw.ellipse([sx - 70, sy - 70, sx + 70, sy + 70], fill=accent)
    # Title band.
    band_top = int(height * 0.62)
    draw.rectangle([0, band_top, width, height], fill=light)
    draw.rectangle([0, band_top, width, band_top + 10], fill=accent)
    title_font = _font(max(28, width // 16))
    sub_font = _font(max(18, width // 34))
    y = band_top + 30
    for line in _wrap(draw, title, title_font, width - 80):
        draw.text((40, y), line, font=title_font, fill=dark)
        y += int(title_font.size * 1.15) if hasattr(title_font, "size") else 50
    if subtitle:
        draw.text((40, y + 6), subtitle, font=sub_font, fill=mid)
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def demo_image(title, subtitle="", size=(1200, 900), collection=None):
    """A Wagtail image with generated artwork, created once per title (idempotent)."""

    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    collection = collection or Collection.get_first_root_node()
    data = render_artwork(title, subtitle, size)
    slug = hashlib.sha1(title.encode()).hexdigest()[:10]
    image = Image(title=title, collection=collection)
    image.file = ImageFile(io.BytesIO(data), name=f"demo-{slug}.png")
    image.save()
    return image
