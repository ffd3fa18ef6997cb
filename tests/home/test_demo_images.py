"""The demo's generated artwork: patterned, the same for the same title, and without text."""

import io
import time

from PIL import Image as PILImage
from PIL import ImageDraw

from pasarlokal.demo.images import render_artwork


def test_artwork_prints_no_text(monkeypatch):
    """Crops cut a printed title off, and the card beside the image shows the title anyway."""

    def no_text(*args, **kwargs):
        raise AssertionError("the demo artwork must not print text")

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", no_text)
    monkeypatch.setattr(ImageDraw.ImageDraw, "multiline_text", no_text)
    for title in ("Kopi Robusta Sembalun", "Tenun Songket Sukarara", "Madu Hutan Sumbawa"):
        render_artwork(title, size=(600, 450))


def test_artwork_is_deterministic_patterned_and_fast():
    started = time.monotonic()
    first = render_artwork("Kopi Robusta Sembalun", size=(1200, 900))
    assert time.monotonic() - started < 2
    assert first == render_artwork("Kopi Robusta Sembalun", size=(1200, 900))
    assert first != render_artwork("Madu Hutan Sumbawa", size=(1200, 900))
    image = PILImage.open(io.BytesIO(first))
    assert image.size == (1200, 900)
    assert len(image.getcolors(maxcolors=100_000) or range(100_000)) > 4  # a pattern, not a fill
