"""Pleasant placeholder artwork for demo content, drawn locally with Pillow (no downloads)."""

import hashlib
import io
import math
import random

from PIL import Image as PILImage
from PIL import ImageColor, ImageDraw

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


def render_artwork(title, size=(1200, 900), motif=None):
    """PNG bytes: a woven pattern in one of the palettes, chosen by the title (always the same).

    No printed text: crops (cards, square thumbnails) cut it off, and the title beside the image
    already says it.
    """
    seed = int(hashlib.sha256(title.encode()).hexdigest()[:8], 16)
    rng = random.Random(seed)
    dark, mid, accent, light = PALETTES[seed % len(PALETTES)]
    width, height = size
    img = PILImage.new("RGB", size, dark)
    draw = ImageDraw.Draw(img)
    # Diagonal gradient.
    (r1, g1, b1), (r2, g2, b2) = ImageColor.getrgb(dark), ImageColor.getrgb(mid)
    for y in range(0, height, 4):
        t = y / height
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
    # A songket border along the foot: a band of triangles in place of the old title band.
    border = max(24, height // 14)
    top = height - border
    draw.rectangle([0, top, width, height], fill=light)
    for x in range(0, width, border):
        draw.polygon([(x, top), (x + border, top), (x + border // 2, height)], fill=accent)
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def demo_image(title, subtitle="", size=(1200, 900), collection=None):
    """A Wagtail image with generated artwork, created once per title (idempotent).

    `subtitle` says what the image is for in the seeders; it is not drawn.
    """

    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    collection = collection or Collection.get_first_root_node()
    data = render_artwork(title, size)
    slug = hashlib.sha1(title.encode()).hexdigest()[:10]
    image = Image(title=title, collection=collection)
    image.file = ImageFile(io.BytesIO(data), name=f"demo-{slug}.png")
    image.save()
    return image
