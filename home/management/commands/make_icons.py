"""Draw the app icons (PNG) from static/img/logo.svg with Chromium (a development tool:
Playwright is in requirements-dev.txt). The PNGs are committed; run this after changing the logo.

    python manage.py make_icons
"""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

SIZES = [("logo-192.png", 192, False), ("logo-512.png", 512, False)]
SIZES += [("logo-maskable-512.png", 512, True)]


class Command(BaseCommand):
    help = "Draw the web app manifest's PNG icons from static/img/logo.svg."

    def handle(self, *args, **options):
        from playwright.sync_api import sync_playwright

        folder = Path(settings.STATICFILES_DIRS[0]) / "img"
        svg = (folder / "logo.svg").read_text()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=["--headless", "--no-sandbox"]
            )
            for name, size, maskable in SIZES:
                page = browser.new_page(viewport={"width": size, "height": size})
                # Maskable: the logo inside the 80% safe zone on a full-bleed brand background.
                inner = int(size * 0.8) if maskable else size
                background = "#0f5c5a" if maskable else "transparent"
                page.set_content(
                    f"<html><body style='margin:0;background:{background};display:grid;"
                    f"place-items:center;width:{size}px;height:{size}px'>"
                    f"<div style='width:{inner}px;height:{inner}px'>"
                    f"{svg.replace('<svg ', f'<svg width={inner!r} height={inner!r} ', 1)}"
                    "</div></body></html>"
                )
                page.screenshot(path=str(folder / name), omit_background=not maskable)
                page.close()
                self.stdout.write(f"{folder / name}")
            browser.close()
