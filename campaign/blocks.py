"""StreamField blocks for stories, events and centres. Each block has its own template and preview."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from marketplace.products import ProductPage
from marketplace.sellers import SellerPage

PREVIEW_TEMPLATE = "components/streamfield/block_preview.html"


def _first_image():
    return get_image_model().objects.order_by("-created_at").first()


def _live_products(ids):
    """The live products among `ids`, in the editor's order, fetched together (not one by one)."""
    ids = [pk for pk in ids if pk]
    if not ids:
        return []
    queryset = ProductPage.objects.listed().cards().filter(pk__in=ids)
    by_id = {product.pk: product for product in queryset}
    return [by_id[pk] for pk in ids if pk in by_id]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "components/streamfield/heading_block.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"text": "Dari bengkel SMK ke jalan raya", "level": "h2"}
        description = _("A heading that starts a new part of the story.")


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "components/streamfield/paragraph_block.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = (
            "<p>Para siswa <b>SMKN 1 Lingsar</b> merakit motor listrik dari komponen yang "
            "sebagian besar dibuat di bengkel sekolah.</p>"
        )
        description = _("Running text with bold, italic, lists and links.")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Description for screen readers"),
        max_length=200,
        required=False,
        help_text=_("What the photo shows. Leave empty if the caption already says it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), max_length=240, required=False)
    credit = blocks.CharBlock(label=_("Photo credit"), max_length=120, required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/streamfield/image_block.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("A photo with a caption and credit.")

    def get_preview_value(self):
        return self.to_python(
            {
                "image": getattr(_first_image(), "pk", None),
                "caption": "Gerabah Banyumulek siap dibakar",
                "credit": "Dinas Perindustrian NTB",
            }
        )


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"), max_length=600)
    attribution = blocks.CharBlock(label=_("Who said it"), max_length=160, required=False)
    role = blocks.CharBlock(label=_("Their role or place"), max_length=160, required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "components/streamfield/quote_block.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "quote": "Kalau bukan kita yang memakai produk kita sendiri, siapa lagi?",
            "attribution": "Inaq Rahmah",
            "role": "Penenun, Desa Sukarara",
        }
        description = _("A quotation with who said it.")


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(
        label=_("Video link"), help_text=_("A YouTube or Vimeo address."), max_width=960
    )
    caption = blocks.CharBlock(label=_("Caption"), max_length=240, required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "components/streamfield/video_block.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("An embedded video, e.g. from YouTube.")


class ProductShowcaseBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    products = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="marketplace.ProductPage", label=_("Product")),
        min_num=1,
        max_num=8,
        label=_("Products"),
    )

    class Meta:
        icon = "pick"
        label = _("Product showcase")
        template = "components/streamfield/product_showcase_block.html"
        preview_template = PREVIEW_TEMPLATE
        description = _(
            "One to eight products with their current price and stock. "
            "Products that are no longer published are left out by themselves."
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["products"] = _live_products([getattr(p, "pk", None) for p in value["products"]])
        return context

    def get_preview_value(self):
        products = list(ProductPage.objects.listed().cards().newest_across_sellers()[:4])
        return self.to_python({"heading": "Pilihan redaksi", "products": [p.pk for p in products]})


class SellerSpotlightBlock(blocks.StructBlock):
    seller = blocks.PageChooserBlock(page_type="marketplace.SellerPage", label=_("Seller"))
    text = blocks.TextBlock(
        label=_("Why this seller"),
        max_length=400,
        required=False,
        help_text=_("A sentence or two; the seller's own story is used when empty."),
    )

    class Meta:
        icon = "user"
        label = _("Seller spotlight")
        template = "components/streamfield/seller_spotlight_block.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("Introduce one seller, with a link to their shop.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        seller = value["seller"]
        context["seller"] = seller if seller is not None and seller.live else None
        return context

    def get_preview_value(self):
        seller = SellerPage.objects.live().first()
        return self.to_python({"seller": getattr(seller, "pk", None), "text": ""})


class CallToActionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Button label"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page on this site"), required=False)
    url = blocks.URLBlock(label=_("Or a web address"), required=False)
    text = blocks.CharBlock(label=_("Text beside the button"), max_length=200, required=False)

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "components/streamfield/call_to_action_block.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "label": "Lihat katalog",
            "url": "https://example.org/katalog/",
            "text": "Ratusan produk IKM NTB menunggu Anda.",
        }
        description = _("A button that leads to a page here or elsewhere.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        page = value.get("page")
        request = (parent_context or {}).get("request")
        if page is not None:
            context["href"] = page.get_url(request) if page.live else ""
        else:
            context["href"] = value.get("url") or ""
        return context

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Choose a page or type a web address, not both."))
                }
            )
        return value


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(
        label=_("Figure"), max_length=40, help_text=_("e.g. 120 IKM or Rp1,2 miliar")
    )
    label = blocks.CharBlock(label=_("What it counts"), max_length=160)
    source = blocks.CharBlock(label=_("Source"), max_length=160, required=False)

    class Meta:
        icon = "order"
        label = _("Key figure")
        template = "components/streamfield/key_figure_block.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "figure": "120 IKM",
            "label": "dikunjungi dalam roadshow sentra IKM 2026",
            "source": "Dinas Perindustrian NTB",
        }
        description = _("One striking number with what it means.")


class GalleryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), max_length=200, required=False)


class GalleryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    images = blocks.ListBlock(GalleryImageBlock(), min_num=2, max_num=12, label=_("Images"))

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "components/streamfield/gallery_block.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("Two to twelve photos in a grid.")

    def get_preview_value(self):
        images = get_image_model().objects.order_by("-created_at")[:4]
        return self.to_python(
            {"images": [{"image": image.pk, "caption": image.title} for image in images]}
        )


class StoryBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    video = VideoBlock()
    product_showcase = ProductShowcaseBlock()
    seller_spotlight = SellerSpotlightBlock()
    call_to_action = CallToActionBlock()
    key_figure = KeyFigureBlock()
    gallery = GalleryBlock()

    class Meta:
        block_counts = {"product_showcase": {"max_num": 4}, "video": {"max_num": 3}}
