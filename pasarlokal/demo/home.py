"""Demo content for the site itself: the home page, site settings, the demo admin."""

import os

from django.contrib.auth import get_user_model

from wagtail.models import Page, Site

from home.models import HomePage, SiteSettings
from home.siteurl import apply_site_url
from pasarlokal.demo.images import demo_image

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = os.environ.get("DEMO_ADMIN_PASSWORD", "pasarlokal-admin")


def ensure_home():
    """Put a HomePage at the site root, replacing Wagtail's welcome page; idempotent."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title="Beranda",
            slug="beranda",
            seo_title="Pasar Lokal NTB — Bangga Pakai Produk Lokal",
            search_description=(
                "Katalog produk IKM Nusa Tenggara Barat: tenun, gerabah, kopi, madu, busana muslim "
                "dan banyak lagi. Hubungi penjual lewat WhatsApp atau bayar online."
            ),
        )
        root.add_child(instance=home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Pasar Lokal",
        )
    apply_site_url(site)  # SITE_URL, when set, replaces the seeded localhost
    if site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Pasar Lokal"
        site.save()
        if (
            old_root.specific_class is Page
            and old_root.depth == 2
            and not old_root.get_children().exists()
        ):
            old_root.delete()
    return home, site


def seed(ctx):
    home, site = ensure_home()
    ctx.home = home
    ctx.site = site
    if not home.hero_heading:
        home.hero_heading = "Bangga pakai produk lokal NTB"
        home.hero_text = (
            "Temukan tenun, gerabah, kopi, madu dan ratusan produk IKM dari sepuluh kabupaten dan kota "
            "di Nusa Tenggara Barat. Hubungi pembuatnya langsung lewat WhatsApp."
        )
        home.hero_cta_label = "Jelajahi katalog"
        home.hero_image = demo_image("Produk Lokal NTB", "Dari Lombok sampai Sumbawa")
        home.save_revision().publish()
    settings = SiteSettings.for_site(site)
    if not settings.organisation:
        settings.organisation = "Dinas Perindustrian Provinsi Nusa Tenggara Barat"
        settings.address = "Jl. Majapahit No. 27, Mataram, Nusa Tenggara Barat 83127"
        settings.phone = "(0370) 632 713"
        settings.email = "disperin@ntbprov.go.id"
        settings.whatsapp = "6281234567890"
        settings.instagram_url = "https://www.instagram.com/disperinntb/"
        settings.facebook_url = "https://www.facebook.com/disperinntb"
        settings.youtube_url = "https://www.youtube.com/@disperinntb"
        settings.save()
    if not settings.organisation_en:
        settings.tagline_en = "Proud to buy local"
        settings.organisation_en = "Industry Office of West Nusa Tenggara Province"
        settings.save()
    User = get_user_model()
    admin = User.objects.filter(username=DEMO_ADMIN_USERNAME).first()
    if admin is None:
        User.objects.create_superuser(
            DEMO_ADMIN_USERNAME,
            "admin@pasarlokal.id",
            DEMO_ADMIN_PASSWORD,
            first_name="Admin",
            last_name="Pasar Lokal",
        )
    ctx.credentials.append(("Editor (superuser)", DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASSWORD))
