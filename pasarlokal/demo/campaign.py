"""Campaign demo content: stories, events, IKM centres, authors, pledges and the curated home page.

Runs after the catalogue demo and uses whatever sectors, categories, sellers and products exist
(product showcases and seller spotlights are left out when there are none). Idempotent: pages are
found by slug, authors by name, pledges by e-mail.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page

from campaign.editorial import ensure_editorial_setup
from campaign.models import (
    Author,
    CampaignIndexPage,
    CentreIndexPage,
    CentrePage,
    CentrePhoto,
    EventIndexPage,
    EventPage,
    Pledge,
    StoryPage,
)
from home.models import HomeFeaturedProduct
from marketplace.catalogue import CatalogueIndexPage, live_products
from marketplace.sellers import SellerPage
from marketplace.taxonomy import Category, Region, Sector
from pasarlokal.demo.data import REGIONS
from pasarlokal.demo.images import demo_image
from pasarlokal.demo.marketplace import ensure_index, seed_taxonomy

REGION_CODES = [code for code, _slug, _name, _kind in REGIONS]

AUTHORS = [
    ("Baiq Nurul Aini", "Penulis, Bidang Promosi Dinas Perindustrian NTB"),
    ("Lalu Ahmad Zaini", "Fotografer dan penulis lapangan"),
    ("Dewi Sartika Putri", "Redaksi Pasar Lokal"),
    ("Muhammad Ilham", "Penyuluh Industri, Dinas Perindustrian NTB"),
]


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


STORIES = [
    {
        "slug": "motor-listrik-buatan-siswa-smk",
        "title": "Motor listrik buatan siswa SMK: dari bengkel Lingsar sampai Sumbawa",
        "sector": "Permesinan",
        "regions": ["52.01", "52.04"],
        "tags": ["motor listrik", "SMK", "energi terbarukan"],
        "author": 0,
        "days_ago": 3,
        "intro": (
            "Siswa SMKN 1 Lingsar, Lombok Barat, dan sebuah SMK di Sumbawa merakit motor listrik "
            "sendiri — rangka, kelistrikan, sampai uji jalan. Kini sekolah bersiap memproduksi "
            "dalam jumlah kecil untuk kantor desa dan pelaku usaha."
        ),
        "figure": ("2 SMK", "merakit motor listrik di Lombok Barat dan Sumbawa"),
        "quote": (
            "Anak-anak kami membuktikan bahwa motor listrik bisa dibuat di NTB, bukan hanya dibeli.",
            "Kepala Bengkel Otomotif",
            "SMKN 1 Lingsar",
        ),
        "body": [
            "Di bengkel otomotif SMKN 1 Lingsar, suara gerinda bercampur dengan diskusi tentang "
            "kapasitas baterai. Sejak dua tahun terakhir, siswa jurusan teknik kendaraan ringan "
            "merakit motor listrik dari rangka yang mereka las sendiri.",
            "Di Sumbawa, siswa SMK mengembangkan motor serupa untuk jalan desa yang menanjak. "
            "Dinas Perindustrian NTB mendampingi uji kelayakan dan mempertemukan sekolah dengan "
            "IKM logam yang bisa memasok komponen.",
        ],
    },
    {
        "slug": "riset-keamanan-gerabah-untuk-makan-dan-minum",
        "title": "Aman untuk makan dan minum: riset standar keamanan gerabah lokal",
        "sector": "Kimia",
        "extra_sectors": ["Ekonomi Kreatif"],
        "regions": ["52.01"],
        "tags": ["gerabah", "keamanan pangan", "standar"],
        "author": 3,
        "days_ago": 9,
        "intro": (
            "Gerabah Banyumulek makin sering dipakai restoran dan hotel sebagai alat makan. "
            "Bersama laboratorium penguji, perajin meneliti glasir dan suhu bakar agar piring "
            "dan gelas tanah liat aman bersentuhan dengan makanan dan minuman."
        ),
        "figure": ("12 perajin", "ikut uji migrasi timbal dan kadmium tahap pertama"),
        "quote": (
            "Pembeli hotel bertanya: apakah piring ini aman? Sekarang kami bisa menjawab dengan hasil uji.",
            "Inaq Saniah",
            "perajin gerabah, Banyumulek",
        ),
        "body": [
            "Tanah liat Banyumulek dikenal kuat dan indah. Tetapi untuk wadah makanan, yang "
            "menentukan adalah glasir dan suhu pembakaran: glasir yang tidak matang bisa "
            "melepaskan logam berat ke makanan yang asam atau panas.",
            "Riset ini menguji contoh piring, mangkuk dan gelas dari dua belas perajin, lalu "
            "menyusun panduan sederhana: bahan glasir yang dianjurkan, suhu bakar minimum, dan "
            "cara memberi label 'aman untuk pangan' setelah lulus uji.",
        ],
    },
    {
        "slug": "roadshow-dinas-perindustrian-ke-sentra-ikm",
        "title": "Roadshow ke sentra IKM: mendengar langsung dari perajin",
        "sector": "Ekonomi Kreatif",
        "extra_sectors": ["Pangan"],
        "regions": ["52.01", "52.02", "52.04"],
        "tags": ["roadshow", "sentra IKM", "pendampingan"],
        "author": 1,
        "days_ago": 15,
        "intro": (
            "Tim Dinas Perindustrian NTB berkeliling ke sentra-sentra IKM — gerabah, tenun, "
            "anyaman, mutiara dan garam — untuk mendata kebutuhan, membantu sertifikasi dan "
            "mengajak warga bangga memakai produk lokal."
        ),
        "figure": ("120 IKM", "dikunjungi dalam roadshow sentra IKM tahun ini"),
        "quote": (
            "Kami datang bukan untuk memberi ceramah, tetapi untuk mendengar apa yang menghambat usaha mereka.",
            "Kepala Bidang Industri",
            "Dinas Perindustrian NTB",
        ),
        "body": [
            "Setiap pekan tim roadshow singgah di satu sentra. Di Banyumulek mereka membahas "
            "tungku hemat kayu bakar; di Sukarara, pewarna alam dan hak cipta motif; di Tarano, "
            "kemasan garam beryodium.",
            "Hasil kunjungan dicatat dan menjadi dasar pelatihan, bantuan peralatan, serta "
            "fasilitasi sertifikat halal dan P-IRT bagi pelaku usaha pangan.",
        ],
    },
    {
        "slug": "busana-muslim-dan-tenun-untuk-sehari-hari",
        "title": "Busana muslim dan tenun untuk dipakai sehari-hari, bukan hanya saat pesta",
        "sector": "Ekonomi Kreatif",
        "regions": ["52.71", "52.02"],
        "tags": ["busana muslim", "tenun", "fesyen"],
        "author": 2,
        "days_ago": 21,
        "intro": (
            "Desainer muda Mataram memadukan tenun Sukarara dan songket Pringgasela dengan "
            "potongan busana muslim yang ringan — untuk kantor, kuliah dan pasar, bukan hanya "
            "untuk acara adat."
        ),
        "figure": ("Rp1,2 miliar", "penjualan busana muslim bertenun di pameran tahun lalu"),
        "quote": (
            "Tenun itu bukan kain lemari. Kalau dipakai tiap hari, penenunnya juga bekerja tiap hari.",
            "Rina Maulida",
            "desainer busana muslim, Mataram",
        ),
        "body": [
            "Kain tenun tangan biasanya disimpan untuk pernikahan atau upacara. Para desainer "
            "ini memotongnya menjadi aksen: kerah, manset, atau panel pada gamis dan tunik.",
            "Hasilnya pakaian yang nyaman di iklim panas, dengan motif yang bercerita tentang "
            "desa asalnya. Setiap potong mencantumkan nama kelompok penenun.",
        ],
    },
    {
        "slug": "madu-sumbawa-dan-kopi-tambora-di-hotel-mataram",
        "title": "Madu Sumbawa dan kopi Tambora masuk meja sarapan hotel Mataram",
        "sector": "Pangan",
        "regions": ["52.04", "52.05", "52.71"],
        "tags": ["kopi", "madu", "hotel"],
        "author": 0,
        "days_ago": 30,
        "intro": (
            "Beberapa hotel di Mataram dan Senggigi kini menyajikan madu hutan Sumbawa dan kopi "
            "lereng Tambora di meja sarapan — hasil temu bisnis antara IKM pangan dan pembeli hotel."
        ),
        "figure": ("18 hotel", "membeli langsung dari IKM pangan NTB"),
        "quote": (
            "Tamu selalu bertanya kopi ini dari mana. Sekarang jawabannya: dari gunung yang mereka lihat di jalan.",
            "Chef eksekutif",
            "hotel di Senggigi",
        ),
        "body": [
            "Madu hutan Sumbawa dipanen dari sarang lebah liar dengan cara yang tidak merusak "
            "pohon. Kopi Tambora tumbuh di tanah vulkanik yang subur.",
            "Agar bisa masuk hotel, pelaku usaha dibantu mengurus P-IRT, label gizi dan kemasan "
            "yang tahan perjalanan.",
        ],
    },
    {
        "slug": "rumput-laut-sumbawa-barat-jadi-dodol-dan-tepung",
        "title": "Rumput laut Sumbawa Barat: dari jemuran pantai menjadi dodol dan tepung",
        "sector": "Hulu Agro",
        "regions": ["52.07"],
        "tags": ["rumput laut", "hilirisasi"],
        "author": 3,
        "days_ago": 38,
        "intro": (
            "Petani rumput laut di Sumbawa Barat tidak lagi hanya menjual bahan mentah. "
            "Kelompok perempuan mengolahnya menjadi dodol, keripik dan tepung karagenan sederhana."
        ),
        "figure": ("3×", "nilai jual rumput laut setelah diolah"),
        "quote": (
            "Dulu kami menjemur lalu menunggu tengkulak. Sekarang kami yang menentukan harga dodol kami.",
            "Ketua kelompok pengolah",
            "Poto Tano",
        ),
        "body": [
            "Rumput laut jenis cottonii tumbuh baik di perairan tenang Sumbawa Barat. Setelah "
            "dijemur, sebagian besar dulu langsung dijual keluar daerah.",
            "Dengan pendampingan, kelompok pengolah kini memiliki alat pengering dan dapur "
            "produksi yang memenuhi syarat P-IRT.",
        ],
    },
    {
        "slug": "kosmetik-alami-sasak-berizin-bpom",
        "title": "Lulur dan minyak kelapa Sasak menjadi kosmetik alami berizin BPOM",
        "sector": "Kimia",
        "regions": ["52.03", "52.08"],
        "tags": ["kosmetik", "BPOM"],
        "author": 2,
        "days_ago": 47,
        "intro": (
            "Resep lulur beras dan minyak kelapa warisan nenek diolah ulang dengan standar "
            "produksi kosmetik, sehingga IKM di Lombok Timur dan Lombok Utara bisa menjual ke toko modern."
        ),
        "figure": ("7 produk", "kosmetik IKM NTB mendapat notifikasi BPOM"),
        "quote": (
            "Resepnya tetap sama, yang berubah cara kami menimbang, mencatat dan mengemas.",
            "Pemilik usaha kosmetik alami",
            "Lombok Timur",
        ),
        "body": [
            "Minyak kelapa murni dan lulur beras sudah lama dipakai perempuan Sasak. Tantangannya "
            "adalah membuat mutu yang sama dari satu produksi ke produksi berikutnya.",
            "Pelatihan cara produksi kosmetik yang baik membantu IKM menyiapkan dokumen untuk "
            "notifikasi BPOM.",
        ],
    },
    {
        "slug": "perhiasan-perak-dan-batu-lombok",
        "title": "Perhiasan perak dan batu Lombok: nilai tambah dari hasil bumi",
        "sector": "Pertambangan",
        "regions": ["52.71", "52.03"],
        "tags": ["perhiasan", "mutiara"],
        "author": 1,
        "days_ago": 60,
        "intro": (
            "Perajin perak di Mataram dan pengrajin batu di Lombok Timur mengolah hasil bumi "
            "menjadi perhiasan, sering dipadukan dengan mutiara laut Lombok."
        ),
        "figure": ("40+ perajin", "perak dan batu di Kota Mataram"),
        "quote": (
            "Batu yang sama bisa dijual per kilo atau per gram. Bedanya ada di tangan perajin.",
            "Perajin perak",
            "Kota Mataram",
        ),
        "body": [
            "Perhiasan perak dengan batu lokal banyak dibeli wisatawan, tetapi juga makin diminati "
            "warga sebagai hadiah pernikahan.",
            "Perajin didorong mencantumkan kadar perak dan asal batu agar pembeli percaya.",
        ],
    },
]

EVENTS = [
    {
        "slug": "roadshow-sentra-ikm-lombok-tengah",
        "title": "Roadshow Sentra IKM: Sukarara dan Sengkerang",
        "days": 10,
        "hours": (9, 15),
        "venue": "Balai Desa Sukarara",
        "address": "Desa Sukarara, Kec. Jonggat",
        "region": "52.02",
        "intro": "Tim Dinas Perindustrian NTB mengunjungi penenun Sukarara dan perajin ketak Sengkerang: konsultasi sertifikasi, kemasan dan pemasaran daring.",
    },
    {
        "slug": "ntb-expo-produk-lokal",
        "title": "NTB Expo Produk Lokal",
        "days": 32,
        "hours": (10, 21),
        "length_days": 2,
        "venue": "Islamic Center NTB",
        "address": "Jl. Udayana, Mataram",
        "region": "52.71",
        "intro": "Pameran dua hari dengan lebih dari 100 IKM: kuliner, tenun, gerabah, busana muslim, motor listrik buatan SMK, dan temu bisnis dengan pembeli hotel.",
    },
    {
        "slug": "bazar-umkm-ramadan",
        "title": "Bazar UMKM Ramadan",
        "days": -40,
        "hours": (15, 22),
        "venue": "Taman Sangkareang",
        "address": "Jl. Pejanggik, Mataram",
        "region": "52.71",
        "intro": "Bazar sore menjelang berbuka dengan kuliner dan busana muslim IKM Mataram.",
    },
    {
        "slug": "roadshow-sentra-garam-tarano",
        "title": "Roadshow Sentra IKM: Garam Tarano",
        "days": -90,
        "hours": (8, 13),
        "venue": "Kantor Desa Labuhan Aji",
        "address": "Kec. Tarano",
        "region": "52.04",
        "intro": "Pendampingan kemasan dan yodisasi garam rakyat di Tarano, Sumbawa.",
    },
]

CENTRES = [
    {
        "slug": "gerabah-banyumulek",
        "title": "Sentra Gerabah Banyumulek",
        "region": "52.01",
        "village": "Banyumulek",
        "district": "Kediri",
        "category": "Gerabah",
        "lat": "-8.627400",
        "lon": "116.113900",
        "summary": "Desa gerabah tertua di Lombok Barat: kendi, piring dan hiasan tanah liat bakar.",
        "description": _p(
            "Di Banyumulek hampir setiap rumah memiliki tungku. Perajin membentuk tanah liat "
            "dengan tangan dan roda putar, lalu menghias dengan anyaman rotan atau cat.",
            "Sentra ini sedang menjalani riset standar keamanan gerabah untuk makan dan minum.",
        ),
        "stories": [
            "riset-keamanan-gerabah-untuk-makan-dan-minum",
            "roadshow-dinas-perindustrian-ke-sentra-ikm",
        ],
    },
    {
        "slug": "tenun-sukarara",
        "title": "Sentra Tenun Sukarara",
        "region": "52.02",
        "village": "Sukarara",
        "district": "Jonggat",
        "category": "Tenun",
        "lat": "-8.646000",
        "lon": "116.236500",
        "summary": "Songket dan tenun ikat Sasak, ditenun perempuan Sukarara sejak remaja.",
        "description": _p(
            "Perempuan Sukarara belajar menenun sejak kecil. Motif subahnale dan keker "
            "diwariskan turun-temurun.",
        ),
        "stories": ["busana-muslim-dan-tenun-untuk-sehari-hari"],
    },
    {
        "slug": "anyaman-ketak-lingsar-sengkerang",
        "title": "Sentra Anyaman Ketak Lingsar dan Sengkerang",
        "region": "52.02",
        "village": "Sengkerang",
        "district": "Praya Timur",
        "category": "Anyaman",
        "lat": "-8.731700",
        "lon": "116.339400",
        "summary": "Tas, kotak dan piring saji dari ketak, tanaman paku hutan yang lentur dan awet.",
        "description": _p(
            "Ketak dianyam rapat hingga mengilap. Perajin di Sengkerang (Lombok Tengah) dan "
            "Lingsar (Lombok Barat) memasok toko suvenir hingga luar negeri.",
        ),
        "stories": [],
    },
    {
        "slug": "mutiara-sekarbela",
        "title": "Sentra Mutiara Sekarbela",
        "region": "52.71",
        "village": "Karang Pule",
        "district": "Sekarbela",
        "category": "Mutiara",
        "lat": "-8.597600",
        "lon": "116.094300",
        "summary": "Kampung perhiasan mutiara laut Lombok di Kota Mataram.",
        "description": _p(
            "Deretan toko dan bengkel di Sekarbela merangkai mutiara laut selatan dan air tawar "
            "menjadi kalung, anting dan bros.",
        ),
        "stories": ["perhiasan-perak-dan-batu-lombok"],
    },
    {
        "slug": "garam-tarano",
        "title": "Sentra Garam Tarano",
        "region": "52.04",
        "village": "Labuhan Aji",
        "district": "Tarano",
        "category": "Garam",
        "lat": "-8.768000",
        "lon": "118.258000",
        "summary": "Garam rakyat dari tambak pesisir Sumbawa, kini beryodium dan berkemasan.",
        "description": _p(
            "Petambak garam Tarano memanen kristal di musim kemarau. Dengan pendampingan, "
            "garam mereka kini diyodisasi dan dikemas untuk pasar rumah tangga.",
        ),
        "stories": ["roadshow-dinas-perindustrian-ke-sentra-ikm"],
    },
]

PLEDGE_NAMES = [
    "Ahmad",
    "Baiq Rina",
    "Lalu Fikri",
    "Siti Aisyah",
    "I Made Arya",
    "Nurhayati",
    "Rizal",
    "Dewi",
    "Fauzan",
    "Ni Luh Sari",
    "Hendra",
    "Yuliana",
    "Zainuddin",
    "Maya",
    "Andi",
    "Ratna",
    "Bayu",
    "Indah",
    "Syamsul",
    "Putri",
    "Agus",
    "Wahyuni",
    "Irfan",
    "Kartini",
    "Joko",
    "Lestari",
    "Muhammad Rizki",
    "Nadia",
    "Oki",
    "Purnama",
    "Qori",
    "Rahmat",
    "Sri Wahyuni",
    "Taufik",
    "Umi Kalsum",
    "Vina",
    "Wawan",
    "Yusuf",
    "Zahra",
    "Arif",
    "Bunga",
    "Candra",
    "Dian",
    "Eka",
    "Fitri",
    "Galih",
    "Hasanah",
    "Imam",
    "Juwita",
    "Kurniawan",
    "Lina",
    "Mulyadi",
]


def _region_map(ctx):
    seed_taxonomy()
    return {
        region.code: region
        for region in Region.objects.in_default_locale().filter(code__in=REGION_CODES)
    }


def _sectors(ctx):
    """Sectors and categories by keyword, from the one demo taxonomy (pasarlokal/demo/data.py)."""
    seed_taxonomy()

    def find(keyword):
        return (
            Sector.objects.in_default_locale()
            .filter(name__icontains=keyword)
            .order_by("sort_order", "pk")
            .first()
        )

    def find_category(keyword):
        return (
            Category.objects.in_default_locale()
            .filter(name__icontains=keyword)
            .order_by("sort_order", "pk")
            .first()
        )

    return find, find_category


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _authors():
    authors = []
    for name, role in AUTHORS:
        author, created = Author.objects.get_or_create(name=name, defaults={"role": role})
        if created:
            author.photo = demo_image(f"Penulis: {name}", role, size=(400, 400))
            author.save()
        authors.append(author)
    return authors


def _story_body(spec, image, products, seller, catalogue, gallery_images):
    body = [
        {"type": "paragraph", "value": _p(spec["body"][0])},
        {
            "type": "key_figure",
            "value": {
                "figure": spec["figure"][0],
                "label": spec["figure"][1],
                "source": "Dinas Perindustrian NTB",
            },
        },
        {"type": "heading", "value": {"text": "Cerita di baliknya", "level": "h2"}},
        {"type": "paragraph", "value": _p(spec["body"][1])},
        {
            "type": "quote",
            "value": {
                "quote": spec["quote"][0],
                "attribution": spec["quote"][1],
                "role": spec["quote"][2],
            },
        },
        {
            "type": "image",
            "value": {
                "image": image.pk,
                "alt_text": "",
                "caption": spec["title"],
                "credit": "Dinas Perindustrian NTB",
            },
        },
    ]
    if products:
        body.append(
            {
                "type": "product_showcase",
                "value": {"heading": "Produk terkait", "products": [p.pk for p in products]},
            }
        )
    if seller is not None:
        body.append({"type": "seller_spotlight", "value": {"seller": seller.pk, "text": ""}})
    if len(gallery_images) >= 2:
        body.append(
            {
                "type": "gallery",
                "value": {
                    "heading": "Galeri",
                    "images": [{"image": img.pk, "caption": img.title} for img in gallery_images],
                },
            }
        )
    if catalogue is not None:
        body.append(
            {
                "type": "call_to_action",
                "value": {
                    "label": "Jelajahi katalog produk lokal",
                    "page": catalogue.pk,
                    "url": "",
                    "text": "Temukan dan hubungi pembuatnya langsung.",
                },
            }
        )
    return body


def seed(ctx):

    home = ctx.home
    regions = _region_map(ctx)
    find_sector, find_category = _sectors(ctx)
    authors = _authors()
    catalogue = CatalogueIndexPage.objects.live().first()

    campaign = ensure_index(
        home,
        CampaignIndexPage,
        "kampanye",
        "Kampanye",
        _p(
            "Cerita tentang orang-orang di balik produk lokal Nusa Tenggara Barat — dan ajakan untuk bangga memakainya setiap hari."
        ),
    )
    if not campaign.pledge_text:
        campaign.pledge_text = (
            "Berjanjilah memilih produk IKM NTB untuk kebutuhan sehari-hari. Setiap ikrar "
            "dihitung dan ditampilkan per kabupaten/kota."
        )
        campaign.save_revision().publish()
    events_index = ensure_index(
        home,
        EventIndexPage,
        "agenda",
        "Agenda",
        _p(
            "Roadshow ke sentra IKM, pameran dan bazar produk lokal di seluruh NTB. Semua waktu dalam WITA."
        ),
    )
    centres_index = ensure_index(
        home,
        CentreIndexPage,
        "sentra-ikm",
        "Sentra IKM",
        _p(
            "Sentra industri kecil dan menengah yang dikunjungi dan didampingi Dinas Perindustrian NTB."
        ),
    )

    stories = {}
    created = 0
    for number, spec in enumerate(STORIES):
        story = StoryPage.objects.child_of(campaign).filter(slug=spec["slug"]).first()
        if story is None:
            sector = find_sector(spec["sector"])
            sectors = [
                s for s in [sector] + [find_sector(k) for k in spec.get("extra_sectors", [])] if s
            ]
            products = []
            if sector is not None:
                products = list(live_products().filter(category__sector=sector).order_by("pk")[:4])
            if not products:
                products = list(live_products().order_by("pk")[number : number + 4])
            seller = SellerPage.objects.live().order_by("pk")[number : number + 1].first()
            image = demo_image(spec["title"], "Kampanye Bangga Produk Lokal")
            gallery = (
                [
                    demo_image(f"{spec['title']} — foto {n}", "Galeri", size=(900, 675))
                    for n in (1, 2, 3)
                ]
                if number < 3
                else []
            )
            story = StoryPage(
                title=spec["title"],
                slug=spec["slug"],
                intro=spec["intro"],
                date=timezone.localdate() - datetime.timedelta(days=spec["days_ago"]),
                hero_image=image,
                author=authors[spec["author"]],
                body=_story_body(
                    spec,
                    demo_image(f"{spec['title']} — di lapangan", "Foto kegiatan", size=(1200, 800)),
                    products,
                    seller,
                    catalogue,
                    gallery,
                ),
                search_description=spec["intro"][:160],
            )
            story.sectors = sectors
            story.regions = [regions[code] for code in spec["regions"]]
            story.tags.add(*spec["tags"])
            _publish(campaign, story)
            created += 1
        stories[spec["slug"]] = story
    ctx.log(f"Campaign: {len(stories)} stories ({created} new).")

    centres = {}
    for spec in CENTRES:
        centre = CentrePage.objects.child_of(centres_index).filter(slug=spec["slug"]).first()
        if centre is None:
            centre = CentrePage(
                title=spec["title"],
                slug=spec["slug"],
                region=regions[spec["region"]],
                village=spec["village"],
                district=spec["district"],
                summary=spec["summary"],
                description=spec["description"],
                latitude=spec["lat"],
                longitude=spec["lon"],
            )
            category = find_category(spec["category"])
            centre.specialities = [category] if category else []
            centre.related_stories = [stories[slug] for slug in spec["stories"] if slug in stories]
            sellers = SellerPage.objects.live().filter(
                Q(title__icontains=spec["village"]) | Q(address__icontains=spec["village"])
            )[:4]
            centre.related_sellers = list(sellers)
            for n in (1, 2):
                centre.photos.add(
                    CentrePhoto(
                        image=demo_image(f"{spec['title']} {n}", spec["village"]),
                        alt_text=f"{spec['title']}, foto {n}",
                    )
                )
            _publish(centres_index, centre)
        centres[spec["slug"]] = centre
    ctx.log(f"Campaign: {len(centres)} IKM centres.")

    now = timezone.localtime()
    for spec in EVENTS:
        if EventPage.objects.child_of(events_index).filter(slug=spec["slug"]).exists():
            continue
        day = (now + datetime.timedelta(days=spec["days"])).replace(
            minute=0, second=0, microsecond=0
        )
        start = day.replace(hour=spec["hours"][0])
        end = (day + datetime.timedelta(days=spec.get("length_days", 1) - 1)).replace(
            hour=spec["hours"][1]
        )
        event = EventPage(
            title=spec["title"],
            slug=spec["slug"],
            start=start,
            end=end,
            venue=spec["venue"],
            address=spec["address"],
            region=regions[spec["region"]],
            organiser="Dinas Perindustrian Provinsi NTB",
            intro=spec["intro"],
            hero_image=demo_image(spec["title"], spec["venue"]),
            body=[
                {"type": "paragraph", "value": _p(spec["intro"], "Terbuka untuk umum dan gratis.")}
            ],
        )
        event.related_centres = [
            c for slug, c in centres.items() if c.region_id == regions[spec["region"]].pk
        ]
        _publish(events_index, event)
    ctx.log("Campaign: 4 events (2 upcoming, 2 past).")

    rng = random.Random(42)
    codes = list(REGION_CODES)
    weights = [9, 8, 8, 5, 3, 3, 3, 3, 10, 3]
    new_pledges = 0
    for n, name in enumerate(PLEDGE_NAMES):
        email = f"{slugify(name)}.{n}@contoh.id"
        pledge, made = Pledge.objects.get_or_create(
            email=email,
            defaults={
                "name": name,
                "region": regions[rng.choices(codes, weights)[0]],
                "agreed_to_be_counted": True,
            },
        )
        if made:
            new_pledges += 1
            Pledge.objects.filter(pk=pledge.pk).update(
                created_at=timezone.now() - datetime.timedelta(hours=rng.randrange(1, 60 * 24))
            )
    ctx.log(f"Campaign: {Pledge.objects.count()} pledges ({new_pledges} new).")

    home = Page.objects.get(pk=home.pk).specific
    if home.featured_story_id is None:
        home.featured_story = stories["motor-listrik-buatan-siswa-smk"]
        home.pledge_text = (
            "Satu ikrar kecil, dampak besar: pilih produk IKM NTB untuk belanja sehari-hari."
        )
        if not home.featured_product_choices.exists():
            for product in live_products().newest_across_sellers()[:4]:
                home.featured_product_choices.add(HomeFeaturedProduct(product=product))
        home.save_revision().publish()
    ctx.home = home

    ensure_editorial_setup()
    ctx.log(
        "Campaign: Editors and Moderators groups; 'Editorial review' workflow on the campaign sections."
    )
    _demo_staff(ctx)


def _demo_staff(ctx):
    """An editor and a moderator login for trying the workflow."""
    import os

    User = get_user_model()
    password = os.environ.get("DEMO_STAFF_PASSWORD", "pasarlokal-redaksi")
    for username, group, role in (
        ("redaksi", "Editors", "Editor (submits for review)"),
        ("moderator", "Moderators", "Moderator (approves)"),
    ):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username, f"{username}@pasarlokal.id", password, first_name=username.title()
            )
        user.groups.add(Group.objects.get(name=group))
        ctx.credentials.append((role, username, password))
