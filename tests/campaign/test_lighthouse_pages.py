"""What Lighthouse (mobile) checks on the four main pages: a description for search results,
and photo captions not read twice."""

import re

import pytest
import wagtail_factories

from campaign import blocks
from tests.campaign.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


def meta_description(html):
    match = re.search(r'<meta name="description" content="([^"]*)"', html)
    return match and match.group(1).strip()


def test_home_catalogue_product_and_story_have_a_meta_description(client, campaign, shop):
    product = shop.make_product()
    story = StoryPageFactory(parent=campaign.stories)
    for url in ["/", "/katalog/", product.url, story.url]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert meta_description(response.content.decode()), url


def test_gallery_photo_alt_does_not_repeat_its_caption():
    image = wagtail_factories.ImageFactory(title="Tungku")
    block = blocks.GalleryBlock()
    html = block.render(
        block.to_python(
            {"images": [{"image": image.pk, "caption": "Tungku"}, {"image": image.pk}]}
        ),
        context={},
    )
    assert "<figcaption>Tungku</figcaption>" in html
    assert 'alt="Tungku"' not in html


def test_image_block_alt_is_its_own_text_and_never_the_caption_again():
    image = wagtail_factories.ImageFactory(title="Tungku")
    block = blocks.ImageBlock()

    def render(raw):
        return block.render(block.to_python({"image": image.pk, **raw}), context={})

    only_caption = render({"alt_text": "", "caption": "Gerabah dibakar", "credit": ""})
    assert "Gerabah dibakar</figcaption>" in only_caption
    assert 'alt="Gerabah dibakar"' not in only_caption
    described = render({"alt_text": "Tungku tanah liat", "caption": "Gerabah dibakar"})
    assert 'alt="Tungku tanah liat"' in described
