"""Every StreamField block renders, alone and inside a story; the showcase skips unpublished products."""

import re

import pytest
import wagtail_factories

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from campaign import blocks
from tests.campaign.factories import StoryPageFactory

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://www.youtube.com/watch?v=abc123"


def render(block, raw):
    value = block.to_python(raw)
    return block.render(value, context={})


def story_with(campaign, *body):
    return StoryPageFactory(
        parent=campaign.stories, body=[{"type": t, "value": v} for t, v in body]
    )


def test_text_blocks_render():
    assert '<h2 class="block-heading">Dari bengkel</h2>' in render(
        blocks.HeadingBlock(), {"text": "Dari bengkel", "level": "h2"}
    )
    assert "<h3" in render(blocks.HeadingBlock(), {"text": "Kecil", "level": "h3"})
    assert "<b>tebal</b>" in render(blocks.ParagraphBlock(), "<p><b>tebal</b></p>")
    quote = render(
        blocks.QuoteBlock(),
        {"quote": "Bangga <b>lokal</b>", "attribution": "Inaq", "role": "Penenun"},
    )
    assert "Bangga &lt;b&gt;lokal&lt;/b&gt;" in quote  # escaped, not trusted HTML
    assert "<cite>Inaq</cite>, Penenun" in quote
    figure = render(
        blocks.KeyFigureBlock(),
        {"figure": "Rp1,2 miliar", "label": "penjualan", "source": "Disperin"},
    )
    assert "Rp1,2 miliar" in figure and "Disperin" in figure


def test_image_and_gallery_blocks_render_renditions():
    image = wagtail_factories.ImageFactory(title="Tungku")
    other = wagtail_factories.ImageFactory(title="Kendi")
    html = render(
        blocks.ImageBlock(),
        {"image": image.pk, "alt_text": "", "caption": "Gerabah dibakar", "credit": "Disperin"},
    )
    assert "<picture" in html and 'alt=""' in html and "Disperin" in html  # the caption says it
    gallery = render(
        blocks.GalleryBlock(),
        {
            "heading": "Galeri",
            "images": [{"image": image.pk, "caption": "A"}, {"image": other.pk, "caption": "B"}],
        },
    )
    assert gallery.count("<img") == 2


def test_video_block_uses_the_stored_embed_and_falls_back_to_a_link(monkeypatch):
    Embed.objects.create(
        url=VIDEO_URL,
        max_width=960,
        hash=get_embed_hash(VIDEO_URL, 960),
        type="video",
        html='<iframe src="https://www.youtube-nocookie.com/embed/abc123" title="Video"></iframe>',
    )
    html = render(blocks.VideoBlock(), {"video": VIDEO_URL, "caption": "Uji jalan"})
    assert "youtube-nocookie.com/embed/abc123" in html and "Uji jalan" in html
    # A video whose embed cannot be fetched still offers a link (no network in tests).
    other = "https://vimeo.com/000000"
    from wagtail.embeds import embeds
    from wagtail.embeds.exceptions import EmbedNotFoundException

    def not_found(*args, **kwargs):
        raise EmbedNotFoundException

    monkeypatch.setattr(embeds, "get_embed", not_found)
    html = render(blocks.VideoBlock(), {"video": other, "caption": ""})
    assert f'href="{other}"' in html


def test_call_to_action_links_to_a_page_or_an_address(campaign):
    html = render(
        blocks.CallToActionBlock(),
        {"label": "Ikrar", "page": campaign.stories.pk, "url": "", "text": ""},
    )
    assert 'href="/kampanye/"' in html
    html = render(
        blocks.CallToActionBlock(),
        {"label": "Situs", "page": None, "url": "https://example.org/", "text": "Lihat"},
    )
    assert 'href="https://example.org/"' in html and "Lihat" in html


def test_call_to_action_needs_exactly_one_destination():
    from django.core.exceptions import ValidationError

    block = blocks.CallToActionBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"label": "X", "page": None, "url": "", "text": ""}))


def test_product_showcase_shows_live_price_and_stock_and_skips_unpublished(client, campaign, shop):
    kept = shop.make_product(title="Kendi Banyumulek", stock__price=85000, stock__quantity=4)
    gone = shop.make_product(title="Piring Lama")
    later = shop.make_product(title="Songket Sukarara", stock__price=None, stock__quantity=0)
    gone.unpublish()
    story = story_with(
        campaign,
        (
            "product_showcase",
            {"heading": "Produk terkait", "products": [later.pk, gone.pk, kept.pk]},
        ),
    )
    content = client.get(story.url).content.decode()
    assert "Piring Lama" not in content
    assert content.index("Songket Sukarara") < content.index("Kendi Banyumulek")  # editor's order
    assert "Rp85.000" in content
    showcase = content[content.index("block-showcase") :]
    assert re.search(r'<span class="badge badge--verified">[^<]*\b4\b', showcase)  # live stock
    assert '<span class="badge badge--muted">' in showcase  # the songket is out of stock


def test_product_showcase_fetches_products_together(campaign, shop):
    def queries_for(count):
        products = [shop.make_product() for _ in range(count)]
        block = blocks.ProductShowcaseBlock()
        value = block.to_python({"heading": "", "products": [p.pk for p in products]})
        block.render(value, context={})  # renditions made on first render
        value = block.to_python({"heading": "", "products": [p.pk for p in products]})
        with CaptureQueriesContext(connection) as captured:
            html = block.render(value, context={})
        assert html.count('class="product-card"') == count
        return len(captured)

    assert queries_for(2) == queries_for(7)


def test_product_showcase_with_no_live_products_renders_nothing(campaign, shop):
    product = shop.make_product()
    product.unpublish()
    html = render(blocks.ProductShowcaseBlock(), {"heading": "Produk", "products": [product.pk]})
    assert html.strip() == ""


def test_seller_spotlight_links_to_a_live_seller(shop):
    html = render(
        blocks.SellerSpotlightBlock(), {"seller": shop.seller.pk, "text": "Penenun terbaik"}
    )
    assert shop.seller.title in html and "Penenun terbaik" in html
    shop.seller.unpublish()
    assert (
        render(blocks.SellerSpotlightBlock(), {"seller": shop.seller.pk, "text": ""}).strip() == ""
    )


def test_a_story_holding_every_block_renders(client, campaign, shop):
    product = shop.make_product(title="Madu Sumbawa")
    image = wagtail_factories.ImageFactory()
    Embed.objects.create(
        url=VIDEO_URL,
        max_width=960,
        hash=get_embed_hash(VIDEO_URL, 960),
        type="video",
        html="<iframe title='v'></iframe>",
    )
    story = story_with(
        campaign,
        ("heading", {"text": "Judul bagian", "level": "h2"}),
        ("paragraph", "<p>Paragraf isi</p>"),
        (
            "image",
            {"image": image.pk, "alt_text": "Foto", "caption": "Keterangan", "credit": "Kredit"},
        ),
        ("quote", {"quote": "Kutipan", "attribution": "Nama", "role": ""}),
        ("video", {"video": VIDEO_URL, "caption": "Video uji"}),
        ("product_showcase", {"heading": "Etalase", "products": [product.pk]}),
        ("seller_spotlight", {"seller": shop.seller.pk, "text": ""}),
        (
            "call_to_action",
            {"label": "Ayo", "page": None, "url": "https://example.org/", "text": ""},
        ),
        ("key_figure", {"figure": "120 IKM", "label": "dikunjungi", "source": ""}),
        (
            "gallery",
            {
                "heading": "",
                "images": [
                    {"image": image.pk, "caption": "1"},
                    {"image": image.pk, "caption": "2"},
                ],
            },
        ),
    )
    response = client.get(story.url)
    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "Judul bagian",
        "Paragraf isi",
        "Keterangan",
        "Kutipan",
        "Video uji",
        "Madu Sumbawa",
        shop.seller.title,
        "Ayo",
        "120 IKM",
    ):
        assert text in content, text


def test_every_block_has_a_template_icon_and_a_preview(campaign, shop):
    shop.make_product()
    wagtail_factories.ImageFactory.create_batch(2)
    for name, block in blocks.StoryBodyBlock().child_blocks.items():
        assert block.meta.template.startswith("components/streamfield/"), name
        assert block.meta.icon, name
        assert block.get_description(), name
        if name != "video":  # a video preview would need the network
            assert block.is_previewable, name
            value = block.get_preview_value()
            html = block.render(value, context={})
            assert html.strip(), name
