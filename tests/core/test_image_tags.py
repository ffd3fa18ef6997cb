"""Image tags parse their filter specs once per template, not once per image and request."""

import pytest
import wagtail_factories

from django.template import engines

from wagtail.images.models import Filter

pytestmark = pytest.mark.django_db

TEMPLATE = (
    "{% load wagtailimages_tags %}{% for image in images %}"
    "{% picture image format-{webp,jpeg} fill-{80x80,160x160} alt='' %}"
    "{% image image fill-40x40 %}{% endfor %}"
)


def test_picture_and_image_tags_make_their_filters_once_for_every_image(monkeypatch):
    made = []
    original_init = Filter.__init__

    def counting_init(self, *args, **kwargs):
        made.append(self)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(Filter, "__init__", counting_init)
    images = wagtail_factories.ImageFactory.create_batch(3)
    template = engines["django"].from_string(TEMPLATE)

    first = template.render({"images": images})
    second = template.render({"images": images})

    # 4 picture filters + 1 image filter, kept by the template's nodes (not 15 per render).
    assert len(made) == 5
    # Every image still gets its own renditions, the same on every render.
    assert first == second
    for image in images:
        renditions = image.renditions.all()
        assert len(renditions) == 5
        assert all(rendition.url in first for rendition in renditions)
