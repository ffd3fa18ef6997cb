"""English versions of the demo's taxonomy, main pages, four stories and twenty products.

Each is a wagtail-localize translation of the Indonesian page (marketplace.translations), so
the English product shares its stock, price and orders with the Indonesian one. Pages left out
here show under /en/ in Indonesian with the "Available in Indonesian only" note. Idempotent:
a page that already has an English translation is left as it is.
"""

from wagtail.models import Locale
from wagtail.rich_text import RichText

from campaign.centres import CentreIndexPage, CentrePage
from campaign.editorial import ensure_editorial_setup
from campaign.events import EventIndexPage, EventPage
from campaign.stories import CampaignIndexPage, StoryPage
from home.models import HomePage
from marketplace.catalogue import CatalogueIndexPage
from marketplace.products import ProductPage
from marketplace.sellerportal.setup import assign_workflow
from marketplace.sellers import SellerIndexPage
from marketplace.taxonomy import Category, CertificationType, Region, Sector
from marketplace.translations import translate_page, translate_snippet

ENGLISH = "en"

# Taxonomy by slug: {slug: {field: English text}} (slugs and codes stay as they are).
SECTORS = {
    "pangan": {
        "name": "Food & Drink",
        "description": "Processed food and drink from NTB's small industries: Tambora and "
        "Sembalun coffee, Sumbawa forest honey, wild-horse milk, seaweed dodol, traditional salt "
        "and local snacks.",
    },
    "hulu-agro": {
        "name": "Agricultural Inputs",
        "description": "Supplies for farmers, breeders and fishers: organic fertiliser, feed, "
        "seeds and garden produce ready for processing.",
    },
    "permesinan": {
        "name": "Machinery, Transport and Renewable Energy",
        "description": "The work of NTB's workshops and metal industries: electric vehicles, "
        "farm tools and machines, and solar-power equipment.",
    },
    "pertambangan": {
        "name": "Mining Products",
        "description": "Processed minerals and quarried stone: decorative stone, building "
        "materials and stone crafts.",
    },
    "kimia-farmasi-kosmetik": {
        "name": "Chemicals, Pharmaceuticals, Cosmetics and Health Supplies",
        "description": "Jamu, virgin coconut oil, soaps and traditional Sasak, Samawa and Mbojo "
        "body scrubs, made with local natural ingredients.",
    },
    "ekonomi-kreatif": {
        "name": "Creative Economy",
        "description": "Songket weaving from Sukarara and Pringgasela, Banyumulek pottery, ketak "
        "basketry, Sekarbela pearls, modest fashion, culinary and multimedia work by NTB's "
        "creative makers.",
    },
}
CATEGORIES = {
    "kopi-teh": "Coffee & Tea",
    "madu": "Honey",
    "susu-olahan": "Milk & Dairy",
    "olahan-laut": "Seaweed & Seafood Products",
    "garam": "Salt",
    "camilan": "Snacks & Biscuits",
    "pupuk-organik": "Organic Fertiliser",
    "pakan-ternak": "Animal Feed",
    "bibit-benih": "Seedlings & Seeds",
    "hasil-kebun": "Spices & Garden Produce",
    "kendaraan-listrik": "Electric Vehicles",
    "alat-mesin-pertanian": "Farm Tools & Machinery",
    "energi-surya": "Solar Energy",
    "batu-hias": "Decorative Stone & Stone Crafts",
    "bahan-bangunan": "Building Materials",
    "jamu-herbal": "Jamu & Herbal",
    "kosmetik-perawatan": "Cosmetics & Body Care",
    "minyak-atsiri": "Coconut & Essential Oils",
    "busana-muslim": "Modest Fashion",
    "kriya-aneka": "Crafts",
    "multimedia": "Multimedia",
    "kuliner": "Culinary",
}
REGIONS = {
    "lombok-barat": "West Lombok",
    "lombok-tengah": "Central Lombok",
    "lombok-timur": "East Lombok",
    "sumbawa": "Sumbawa",
    "dompu": "Dompu",
    "bima": "Bima",
    "sumbawa-barat": "West Sumbawa",
    "lombok-utara": "North Lombok",
    "kota-mataram": "Mataram City",
    "kota-bima": "Bima City",
}
CERTIFICATION_TYPES = {
    "halal": {"name": "Halal Certificate", "issuing_body": "BPJPH, Ministry of Religious Affairs"},
    "pirt": {
        "name": "Home Food Industry Production Certificate (SPP-IRT)",
        "issuing_body": "Regency/City Government (DPMPTSP)",
    },
    "bpom": {
        "name": "BPOM Distribution Permit (MD/ML)",
        "issuing_body": "Indonesian Food and Drug Authority",
    },
    "sni": {
        "name": "Indonesian National Standard (SPPT SNI)",
        "issuing_body": "KAN-accredited product certification body",
    },
    "food-safe": {
        "name": "Food-Contact Safety Test (food grade)",
        "short_label": "Food Safe",
        "issuing_body": "KAN-accredited testing laboratory",
    },
}

HOME = {
    "title": "Home",
    "seo_title": "Pasar Lokal NTB — Proud to Buy Local",
    "search_description": (
        "Products made by small industries across West Nusa Tenggara: weaving, pottery, coffee, "
        "honey, modest fashion and more. Contact the maker on WhatsApp or pay online."
    ),
    "hero_heading": "Proud to buy local",
    "hero_text": (
        "Weaving, pottery, coffee, honey and more, made by small businesses across West Nusa "
        "Tenggara. Buy straight from the maker."
    ),
    "hero_cta_label": "Browse the catalogue",
    "products_heading": "New from local makers",
    "sectors_heading": "Shop by sector",
    "events_heading": "Coming up",
    "pledge_heading": "Pledge to buy local",
    "pledge_text": "Promise to choose a product made in West Nusa Tenggara next time you shop.",
    "stories_heading": "Stories from the makers",
}
CATALOGUE = {
    "title": "Catalogue",
    "intro": (
        "<p>Every product from small industries in the ten regencies and cities of West Nusa "
        "Tenggara. Filter by sector, region, certificate, price and how to buy.</p>"
    ),
}
SELLERS = {
    "title": "Sellers",
    "intro": (
        "<p>Meet the makers: weavers, craftspeople, coffee farmers and small businesses across "
        "West Nusa Tenggara.</p>"
    ),
}
CAMPAIGN = {
    "title": "Campaign",
    "intro": (
        "<p>Stories about the people behind West Nusa Tenggara's local products, and an "
        "invitation to be proud to use them every day.</p>"
    ),
    "pledge_text": (
        "Promise to choose products from West Nusa Tenggara's small industries for everyday "
        "needs. Every pledge is counted and shown by regency and city."
    ),
}
EVENTS = {
    "title": "Events",
    "intro": (
        "<p>Roadshows to small-industry centres, exhibitions and local product bazaars across "
        "West Nusa Tenggara. All times are in WITA (UTC+8).</p>"
    ),
}
CENTRES = {
    "title": "Industry centres",
    "intro": (
        "<p>Centres of small and medium industry visited and supported by the West Nusa "
        "Tenggara Industry Office.</p>"
    ),
}

# Indonesian title → English title and summary (the description repeats the summary).
PRODUCTS = {
    "Tenun Songket Sukarara Motif Subahnale": (
        "Sukarara Songket Weaving, Subahnale Motif",
        "Hand-woven songket from Sukarara village with gold thread in the Subahnale motif.",
    ),
    "Selendang Songket Sukarara": (
        "Sukarara Songket Shawl",
        "A light songket shawl woven by the women of Sukarara, Central Lombok.",
    ),
    "Tenun Ikat Pringgasela Pewarna Alam": (
        "Pringgasela Ikat Weaving, Natural Dyes",
        "Ikat cloth from Pringgasela, East Lombok, coloured with indigo and bark dyes.",
    ),
    "Tembe Nggoli Sarung Tenun Bima": (
        "Tembe Nggoli Woven Sarong from Bima",
        "The classic Bima sarong, woven from soft nggoli cotton that stays cool.",
    ),
    "Gerabah Banyumulek Kendi Maling": (
        "Banyumulek Pottery Water Jug (Kendi Maling)",
        "The famous Banyumulek jug that is filled from below and keeps water cool.",
    ),
    "Tas Anyaman Ketak Bulat": (
        "Round Ketak Woven Bag",
        "A round handbag woven from ketak fern by craftspeople in Nyurbaya Gawah.",
    ),
    "Kalung Mutiara Laut Sekarbela": (
        "Sekarbela Sea Pearl Necklace",
        "South Sea pearls from Lombok, strung by the jewellers of Sekarbela, Mataram.",
    ),
    "Anting Mutiara Air Tawar": (
        "Freshwater Pearl Earrings",
        "Simple freshwater pearl earrings set in silver in Sekarbela.",
    ),
    "Kopi Tambora Robusta Bubuk 250 g": (
        "Tambora Robusta Ground Coffee 250 g",
        "Robusta grown on the slopes of Mount Tambora, roasted and ground in Kalabai.",
    ),
    "Kopi Tambora Arabika Biji 250 g": (
        "Tambora Arabica Coffee Beans 250 g",
        "Whole arabica beans from Mount Tambora, sun-dried by the Kalabai farmers.",
    ),
    "Kopi Arabika Sembalun Natural 200 g": (
        "Sembalun Natural Arabica Coffee 200 g",
        "Natural-process arabica from the Sembalun highlands below Mount Rinjani.",
    ),
    "Madu Sumbawa Hutan 500 ml": (
        "Sumbawa Wild Forest Honey 500 ml",
        "Wild honey gathered by hand in the Batulanteh forests of Sumbawa.",
    ),
    "Sarang Madu Sumbawa (Honeycomb)": (
        "Sumbawa Honeycomb",
        "Raw honeycomb from wild forest bees in Sumbawa, cut and packed by hand.",
    ),
    "Susu Kuda Liar Bima 600 ml": (
        "Bima Wild Horse Milk 600 ml",
        "Fermented milk of free-ranging horses from Bima, a traditional tonic.",
    ),
    "Dodol Rumput Laut Sumbawa Barat 250 g": (
        "West Sumbawa Seaweed Dodol 250 g",
        "A chewy sweet made from seaweed farmed on the Poto Tano coast.",
    ),
    "Garam Tarano Bunga Garam 100 g": (
        "Tarano Flower of Salt 100 g",
        "Delicate salt crystals skimmed by hand from the Tarano salt pans in Sumbawa.",
    ),
    "Gamis Tenun Lombok Nurul": (
        "Nurul Lombok Woven Gamis Dress",
        "A long modest dress with panels of Lombok weaving, sewn in Mataram.",
    ),
    "Bumbu Ayam Taliwang Instan 150 g": (
        "Instant Ayam Taliwang Spice Paste 150 g",
        "The spicy paste for Lombok's famous grilled Taliwang chicken, ready to use.",
    ),
    "Motor Listrik TeFa SMK Lombok Utara": (
        "TeFa Electric Motorbike by SMK North Lombok",
        "An electric motorbike built by vocational students in North Lombok, serviced locally.",
    ),
    "Pompa Air Tenaga Surya": (
        "Solar-Powered Water Pump",
        "A solar water pump for fields and gardens, assembled in North Lombok.",
    ),
    "Minyak Kelapa Murni (VCO) 250 ml": (
        "Virgin Coconut Oil (VCO) 250 ml",
        "Cold-processed virgin coconut oil from Bayan, North Lombok.",
    ),
    "Pupuk Kompos Sapi 25 kg": (
        "Cattle Manure Compost 25 kg",
        "Mature compost from cattle manure for vegetables and rice fields.",
    ),
}

# Indonesian story title → English title, introduction and a paragraph of body.
STORIES = {
    "Motor listrik buatan siswa SMK: dari bengkel Lingsar sampai Sumbawa": (
        "Electric motorbikes built by vocational students: from a Lingsar workshop to Sumbawa",
        "Students at a vocational school in Lombok build electric motorbikes that now ride the "
        "roads of Sumbawa.",
        "In the teaching-factory workshop, students weld frames, wire batteries and test every "
        "motorbike before it leaves for its new owner. Buyers get local servicing and spare "
        "parts from the same school.",
    ),
    "Aman untuk makan dan minum: riset standar keamanan gerabah lokal": (
        "Safe to eat and drink from: research on local pottery safety standards",
        "Researchers and potters test Banyumulek glazes so local pottery can go on the table.",
        "Lead-free glazes and higher firing temperatures let Banyumulek potters sell plates and "
        "cups for everyday use, with a test report buyers can read.",
    ),
    "Madu Sumbawa dan kopi Tambora masuk meja sarapan hotel Mataram": (
        "Sumbawa honey and Tambora coffee reach Mataram's hotel breakfast tables",
        "Hotels in Mataram now serve honey from Sumbawa and coffee from Mount Tambora.",
        "Buying directly from the honey gatherers of Batulanteh and the coffee farmers of "
        "Kalabai, hotels tell their guests where breakfast comes from.",
    ),
    "Rumput laut Sumbawa Barat: dari jemuran pantai menjadi dodol dan tepung": (
        "West Sumbawa seaweed: from drying racks on the beach to dodol and flour",
        "Seaweed farmers in West Sumbawa turn their harvest into sweets and flour.",
        "Processing seaweed close to the farms keeps more of its value in the villages of "
        "Poto Tano, where women's groups make dodol, crisps and flour.",
    ),
}


# Events and centres by Indonesian title: (title, intro or summary).
EVENT_PAGES = {
    "Roadshow Sentra IKM: Sukarara dan Sengkerang": (
        "Industry centre roadshow: Sukarara and Sengkerang",
        "The NTB Industry Office team visits the weavers of Sukarara and the ketak basket makers "
        "of Sengkerang.",
    ),
    "NTB Expo Produk Lokal": (
        "NTB Local Products Expo",
        "A two-day exhibition with more than 100 small industries: food, weaving, pottery, "
        "modest fashion and more.",
    ),
    "Bazar UMKM Ramadan": (
        "Ramadan small business bazaar",
        "An afternoon bazaar before breaking the fast, with food and modest fashion from "
        "Mataram's small industries.",
    ),
    "Roadshow Sentra IKM: Garam Tarano": (
        "Industry centre roadshow: Tarano salt",
        "Packaging and iodisation support for the salt farmers of Tarano, Sumbawa.",
    ),
}
CENTRE_PAGES = {
    "Sentra Gerabah Banyumulek": (
        "Banyumulek pottery centre",
        "The oldest pottery village in West Lombok: water jars, plates and fired-clay decorations.",
    ),
    "Sentra Tenun Sukarara": (
        "Sukarara weaving centre",
        "Sasak songket and ikat, woven by the women of Sukarara since their teens.",
    ),
    "Sentra Anyaman Ketak Lingsar dan Sengkerang": (
        "Lingsar and Sengkerang ketak basketry centre",
        "Bags, boxes and serving plates woven from ketak, a supple and durable forest fern.",
    ),
    "Sentra Mutiara Sekarbela": (
        "Sekarbela pearl centre",
        "Mataram's neighbourhood of Lombok sea-pearl jewellery.",
    ),
    "Sentra Garam Tarano": (
        "Tarano salt centre",
        "Salt from the coastal ponds of Sumbawa, now iodised and packaged.",
    ),
}


def _translate_missing(page, locale, fields):
    """Translate `page` into English unless it already has an English version of its own."""
    if page is None:
        return 0
    existing = page.get_translation_or_none(locale)
    # A parent copied untranslated when a child was translated keeps the Indonesian title.
    if existing is not None and existing.title != page.title:
        return 0
    translate_page(page, ENGLISH, fields)
    return 1


def translate_taxonomy(locale):
    """English names for the sectors, categories, regions and certificate types (sectors before
    their categories: a category's English row points at its sector's English row)."""
    count = 0
    for model, words in (
        (Sector, SECTORS),
        (Category, {slug: {"name": name} for slug, name in CATEGORIES.items()}),
        (Region, {slug: {"name": name} for slug, name in REGIONS.items()}),
        (CertificationType, CERTIFICATION_TYPES),
    ):
        for term in model.objects.in_default_locale().filter(slug__in=words):
            if not term.has_translation(locale):
                translate_snippet(term, ENGLISH, words[term.slug])
                count += 1
    return count


def seed(ctx):
    home = HomePage.objects.filter(locale__language_code="id").first()
    if home is None:
        ctx.log("english.demo: no home page, skipped")
        return
    locale, _ = Locale.objects.get_or_create(language_code=ENGLISH)
    terms = translate_taxonomy(locale)
    count = _translate_missing(home, locale, HOME)
    for model, fields in (
        (CatalogueIndexPage, CATALOGUE),
        (SellerIndexPage, SELLERS),
        (CampaignIndexPage, CAMPAIGN),
        (EventIndexPage, EVENTS),
        (CentreIndexPage, CENTRES),
    ):
        index = model.objects.live().descendant_of(home).first()
        count += _translate_missing(index, locale, fields)
    stories = StoryPage.objects.live().filter(title__in=STORIES, locale_id=home.locale_id)
    for story in stories:
        title, intro, paragraph = STORIES[story.title]
        body = [("paragraph", RichText(f"<p>{paragraph}</p>"))]
        fields = {"title": title, "intro": intro, "body": body}
        count += _translate_missing(story, locale, fields)
    for model, pages, text_field in (
        (EventPage, EVENT_PAGES, "intro"),
        (CentrePage, CENTRE_PAGES, "summary"),
    ):
        for page in model.objects.live().filter(title__in=pages, locale_id=home.locale_id):
            title, text = pages[page.title]
            count += _translate_missing(page, locale, {"title": title, text_field: text})
    products = ProductPage.objects.live().filter(title__in=PRODUCTS, locale_id=home.locale_id)
    for product in products:
        title, summary = PRODUCTS[product.title]
        fields = {"title": title, "summary": summary, "description": f"<p>{summary}</p>"}
        count += _translate_missing(product, locale, fields)
    _feature_english_story(home, locale)
    # Editors review and edit the English storefronts and products as they do the Indonesian.
    for index in SellerIndexPage.objects.filter(locale=locale):
        assign_workflow(index)
    ensure_editorial_setup()  # the English campaign sections go through editorial review too
    ctx.log(f"English: {count} pages and {terms} taxonomy terms translated")


def _feature_english_story(home, locale):
    """The English home page features the English version of the home page's story (it was
    translated after the home page, so the copy still points at the Indonesian story)."""
    story = home.featured_story
    english_home = home.get_translation_or_none(locale)
    english_story = story.get_translation_or_none(locale) if story else None
    if english_home is None or english_story is None:
        return
    english_home = english_home.specific
    if english_home.featured_story_id != english_story.pk:
        english_home.featured_story = english_story
        english_home.save_revision().publish()
