"""Sizes and colours on the product page, on cards and in the catalogue's size facet."""

import pytest

from marketplace.variants import set_variants

pytestmark = pytest.mark.django_db

URL = "/katalog/"


def sizes(product, rows):
    return set_variants(
        product,
        [
            {"kind": "size", "label": label, "quantity": quantity, "price": price}
            for label, quantity, price in rows
        ],
    )


def size_facet(response):
    for facet in response.context["facets"]:
        if facet.key == "ukuran":
            return {value.label: value.count for value in facet.values}
    return None


@pytest.fixture
def gamis(shop):
    product = shop.add_product(
        seller=shop.weaver, category=shop.weaving, title="Gamis Tenun", price=385_000
    )
    sizes(product, [("S", 2, None), ("M", 0, None), ("XL", 1, 400_000)])
    return product


def test_product_page_offers_sizes_as_radio_buttons(client, gamis):
    body = client.get(gamis.url).content.decode()
    assert '<fieldset class="variant-choice"' in body
    assert "<legend" in body and "Pilih ukuran" in body
    assert body.count('type="radio" name="variant"') == 3
    # The sold-out size is shown but cannot be chosen.
    medium = body[body.index(">M") - 400 : body.index(">M")]
    assert "disabled" in medium
    assert "habis" in body
    # Prices differ, so each size says its price, and the page the range.
    assert "Rp385.000 – Rp400.000" in body and "XL · Rp400.000" in body
    # The unit stays with the last price (no "/ pcs" alone on a phone's line).
    assert 'Rp400.000&nbsp;<span class="product__unit">/ pcs</span>' in body


def test_card_says_from_the_lowest_price_when_sizes_cost_differently(client, shop, gamis):
    body = client.get(URL).content.decode()
    assert "mulai Rp385.000" in body


def test_card_shows_the_plain_price_when_sizes_cost_the_same(client, shop):
    product = shop.add_product(
        seller=shop.weaver, category=shop.weaving, title="Koko", price=225_000
    )
    sizes(product, [("M", 2, None), ("L", 2, None)])
    body = client.get(URL).content.decode()
    assert "mulai Rp225.000" not in body and "Rp225.000" in body


def test_in_stock_facet_and_page_agree_with_the_sizes(client, shop, gamis):
    """A product with sizes is in stock while one size is; sold out when none is."""
    response = client.get(URL + "?tersedia=stok")
    assert "Gamis Tenun" in [p.title for p in response.context["products"]]
    sizes(gamis, [("S", 0, None), ("M", 0, None), ("XL", 0, 400_000)])
    response = client.get(URL + "?tersedia=stok")
    assert "Gamis Tenun" not in [p.title for p in response.context["products"]]
    body = client.get(gamis.url).content.decode()
    assert "Stok habis" in body and 'name="variant"' not in body


def test_size_facet_lists_only_sizes_of_the_filtered_products(client, shop, gamis):
    coffee = shop.add_product(title="Kopi Robusta", price=65_000)
    assert coffee.pk
    response = client.get(URL)
    # M is sold out: no product can be had in M now.
    assert size_facet(response) == {"S": 1, "XL": 1}
    # Coffee has no sizes: among coffee, the facet has nothing to offer (and is not shown).
    response = client.get(URL + "?sektor=pangan")
    assert size_facet(response) == {}
    assert 'name="ukuran"' not in response.content.decode()


def test_choosing_a_size_narrows_the_catalogue(client, shop, gamis):
    other = shop.add_product(
        seller=shop.weaver, category=shop.weaving, title="Tunik", price=310_000
    )
    sizes(other, [("S", 0, None), ("L", 3, None)])
    shop.add_product(title="Kopi Robusta", price=65_000)
    response = client.get(URL + "?ukuran=S")
    assert [p.title for p in response.context["products"]] == ["Gamis Tenun"]
    response = client.get(URL + "?ukuran=l")  # any case
    assert [p.title for p in response.context["products"]] == ["Tunik"]
    assert "Ukuran: L <span" in response.content.decode()  # the chip says what L is
    facet = size_facet(response)
    assert facet == {"S": 1, "L": 1, "XL": 1}


@pytest.mark.parametrize("value", ["XXXXL", "<script>", "M" * 500])
def test_an_unknown_size_is_ignored(client, shop, gamis, value):
    shop.add_product(title="Kopi Robusta", price=65_000)
    response = client.get(URL, {"ukuran": value})
    assert response.status_code == 200
    assert len(response.context["products"]) == 2


SIZE_QUERIES = 12  # test_catalogue.py's CATALOGUE_QUERIES (cards warm): sizes add no query


@pytest.mark.parametrize("url", [URL, URL + "?ukuran=M&sektor=kriya&tersedia=stok"])
@pytest.mark.usefixtures("page_cache_off")
def test_catalogue_with_sizes_keeps_a_constant_query_count(
    client, shop, django_assert_num_queries, url
):
    made = []

    def grow(count):
        for _ in range(count):
            made.append(1)
            product = shop.add_product(
                seller=shop.weaver,
                category=shop.weaving,
                title=f"Gamis {len(made)}",
                price=300_000 + len(made),
            )
            sizes(product, [("M", 2, None), ("L", 1, 350_000)])
            shop.add_photo(product)

    grow(3)
    client.get(url)
    with django_assert_num_queries(SIZE_QUERIES):
        client.get(url)
    grow(30)
    client.get(url)
    with django_assert_num_queries(SIZE_QUERIES):
        client.get(url)
