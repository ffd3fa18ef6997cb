"""Demo content: enquiries and over a thousand contact clicks over the past year, growing.

Works off whatever live products exist (the catalogue demo runs first); with none it adds nothing.
Idempotent: demo enquiries are recognised by their contoh.id addresses, and clicks are only added
while the table is empty.
"""

import datetime
import random

from django.utils import timezone

from marketplace.contact.models import ContactClick, Enquiry
from marketplace.products import ProductPage
from pasarlokal.demo.timeline import growing_moments

DEMO_EMAIL_DOMAIN = "contoh.id"
CLICKS = 1500
ENQUIRIES = 96  # the shoppers below, asking again about other products over the year

SHOPPERS = [
    ("Baiq Nurul Hidayah", "Apakah kain ini bisa dikirim ke Jakarta? Berapa ongkos kirimnya?", 1),
    ("Lalu Ahmad Zaini", "Saya mau pesan untuk seragam kantor, bisa 20 buah?", 20),
    ("Sarah Thompson", "Hi, do you ship to Bali? I'm staying in Senggigi until Friday.", 2),
    ("Hj. Rohani", "Assalamualaikum, apakah produk ini sudah bersertifikat halal?", None),
    ("Made Wirawan", "Untuk hotel kami di Gili Trawangan, bisa kirim rutin tiap bulan?", 50),
    ("Dewi Lestari", "Ada pilihan warna lain? Saya cari yang biru.", 1),
    ("Hendra Gunawan", "Bisa ambil langsung di tempat? Alamatnya di mana?", 3),
    ("Nadia Putri", "Minta katalog lengkap dan harga grosir, terima kasih.", None),
    ("Tom Becker", "Is this handmade? I'd like two as gifts.", 2),
    ("Ibu Suhartini", "Untuk acara pernikahan bulan depan, bisa pesan 100?", 100),
    ("Yusuf Maulana", "Stoknya masih ada? Mau beli hari ini.", 1),
    ("Ni Luh Sari", "Apakah bisa dibungkus kado?", 1),
]


def _channel(rng, seller):
    roll = rng.random()
    if seller.whatsapp and roll < 0.72:
        return ContactClick.Channel.WHATSAPP
    if seller.whatsapp and roll < 0.82:
        return ContactClick.Channel.WHATSAPP_CART
    if seller.phone and roll < 0.93:
        return ContactClick.Channel.PHONE
    if seller.email:
        return ContactClick.Channel.EMAIL
    if seller.phone:
        return ContactClick.Channel.PHONE
    return ContactClick.Channel.WHATSAPP if seller.whatsapp else None


def seed_clicks(products, rng, now):
    if ContactClick.objects.exists():
        return 0
    # A few products are much more popular than the rest, as in real life.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(products))]
    referrers = ["/katalog/", "/", "/cari/", "/penjual/", "/en/katalog/"]
    clicks = []
    for moment in growing_moments(rng, now, CLICKS):
        product = rng.choices(products, weights)[0]
        seller = product.seller
        channel = _channel(rng, seller)
        if channel is None:
            continue
        storefront = channel != ContactClick.Channel.WHATSAPP_CART and rng.random() < 0.1
        referrer = rng.choice(referrers)
        clicks.append(
            ContactClick(
                product=None if storefront else product,
                seller=seller,
                channel=channel,
                created_at=moment,
                language="en" if rng.random() < 0.15 else "id",
                referrer_path=referrer,
                cart_snapshot=(
                    [{"product": product.pk, "quantity": rng.randint(1, 4)}]
                    if channel == ContactClick.Channel.WHATSAPP_CART
                    else None
                ),
            )
        )
    ContactClick.objects.bulk_create(clicks, batch_size=500)
    return len(clicks)


def seed_enquiries(products, rng, now):
    if Enquiry.objects.filter(email__endswith="@" + DEMO_EMAIL_DOMAIN).exists():
        return 0
    enquiries = []
    received_at = growing_moments(rng, now, ENQUIRIES)
    for index, received in enumerate(received_at):
        name, message, quantity = SHOPPERS[index % len(SHOPPERS)]
        product = products[(index * 7) % len(products)]
        local_part = name.lower().replace(".", "").replace(" ", ".")
        # The oldest are all answered; of the last days' some still wait.
        answered = index % 3 != 0 or received < now - datetime.timedelta(days=14)
        enquiries.append(
            Enquiry(
                product=product,
                seller=product.seller,
                name=name,
                email=f"{local_part}@{DEMO_EMAIL_DOMAIN}",
                phone="" if index % 3 else f"62812{3000000 + index * 7919:07d}",
                message=message,
                quantity=quantity,
                language="en" if message.startswith(("Hi", "Is")) else "id",
                status=Enquiry.Status.ANSWERED if answered else Enquiry.Status.NEW,
                answered_at=min(received + datetime.timedelta(hours=rng.randint(1, 30)), now)
                if answered
                else None,
            )
        )
    Enquiry.objects.bulk_create(enquiries)
    # created_at is set on insert (auto_now_add); a bulk update puts each back in its month.
    for enquiry, received in zip(enquiries, received_at, strict=True):
        enquiry.created_at = received
    Enquiry.objects.bulk_update(enquiries, ["created_at"], batch_size=500)
    return len(enquiries)


def seed(ctx):
    products = list(
        ProductPage.objects.live()
        .public()
        .filter(seller__isnull=False, seller__live=True)
        .select_related("seller")
        .order_by("pk")
    )
    if not products:
        ctx.log("Contact: no live products yet, no enquiries or clicks added.")
        return
    rng = random.Random(5)
    now = timezone.now()
    enquiries = seed_enquiries(products, rng, now)
    clicks = seed_clicks(products, rng, now)
    ctx.log(f"Contact: {enquiries} enquiries and {clicks} contact clicks added.")
