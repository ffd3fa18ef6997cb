"""Demo content for the impact area: the public impact page /dampak/. Idempotent."""

from impact.models import ImpactPage

INTRO = (
    "<p>Pasar Lokal adalah bagian dari gerakan <b>Bangga Pakai Produk Lokal</b> Dinas Perindustrian "
    "NTB. Angka di bawah ini dihitung langsung dari katalog: berapa IKM yang bergabung, berapa "
    "produk yang bisa Anda temukan, berapa orang yang berjanji membeli produk lokal, dan seberapa "
    "sering pembeli menghubungi penjual bulan ini.</p>"
)
CLOSING = (
    "<p>Setiap klik WhatsApp, telepon atau e-mail dihitung tanpa menyimpan data pribadi Anda. "
    "Angka diperbarui setiap beberapa menit.</p>"
)


def seed(ctx):
    home = ctx.home
    if home is None:
        return
    if ImpactPage.objects.exists():
        ctx.log("Impact page already there.")
        return
    page = ImpactPage(
        title="Dampak Kampanye",
        slug="dampak",
        intro=INTRO,
        closing=CLOSING,
        seo_title="Dampak kampanye Bangga Pakai Produk Lokal",
        search_description="Berapa IKM, produk, janji dan kontak yang lahir dari kampanye produk lokal NTB.",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    ctx.log("Impact page created at /dampak/.")
