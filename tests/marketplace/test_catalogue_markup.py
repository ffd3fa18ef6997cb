"""What Lighthouse (mobile) checks on the catalogue: heading order and the first row not lazy."""

import re
from html.parser import HTMLParser
from itertools import pairwise

import pytest

pytestmark = pytest.mark.django_db

URL = "/katalog/"


class VisibleHeadings(HTMLParser):
    """Heading levels in document order, leaving out those inside a closed <details>
    (a phone shows the filters closed, so their h2 is not there for a screen reader)."""

    def __init__(self):
        super().__init__()
        self.levels = []
        self.closed_details = 0
        self.depth = []

    def handle_starttag(self, tag, attrs):
        if tag == "details":
            closed = "open" not in dict(attrs)
            self.depth.append(closed)
            self.closed_details += closed
        elif re.fullmatch(r"h[1-6]", tag) and not self.closed_details:
            self.levels.append(int(tag[1]))

    def handle_endtag(self, tag):
        if tag == "details" and self.depth:
            self.closed_details -= self.depth.pop()


def heading_levels(html):
    parser = VisibleHeadings()
    parser.feed(html)
    return parser.levels


def test_catalogue_headings_never_skip_a_level(client, shop):
    for n in range(3):
        shop.add_photo(shop.add_product(title=f"Kopi {n}"))
    levels = heading_levels(client.get(URL).content.decode())
    assert levels[0] == 1 and 3 in levels
    jumps = [(a, b) for a, b in pairwise(levels) if b > a + 1]
    assert jumps == []


def test_first_row_of_cards_is_not_lazy_loaded(client, shop):
    for n in range(4):
        shop.add_photo(shop.add_product(title=f"Kopi {n}"))
    html = client.get(URL).content.decode()
    cards = re.findall(r'<article class="product-card">.*?</article>', html, re.S)
    imgs = [re.search(r"<img [^>]*>", card).group(0) for card in cards]
    assert len(imgs) == 4
    assert ['loading="lazy"' in img for img in imgs] == [False, False, True, True]
    assert all('fetchpriority="high"' in img for img in imgs[:2])


def test_cards_offer_a_middle_size_for_phones(client, shop):
    """A card is ~180 px wide on a phone: at 1.75–2× the phone needs ~360 px, not 480."""
    shop.add_photo(shop.add_product(title="Kopi"))
    html = client.get(URL).content.decode()
    card = re.search(r'<article class="product-card">.*?</article>', html, re.S).group(0)
    assert "fill-360x360" in card
