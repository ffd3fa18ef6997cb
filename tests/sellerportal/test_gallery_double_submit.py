"""A seller on a slow phone: Wagtail's background autosave and the Submit button can both be in
flight with a new gallery row that has no id yet. Processed at the same time, each added the
row: the product had the same photo twice (the flaky browser test's "2 gallery images")."""

import threading

import pytest
from wagtail_factories import ImageFactory

from django.db import connection
from django.test import Client
from django.urls import reverse

from marketplace.page_saves import serialise_page_saves

from .test_stock_lost_update import product_form_data


def gallery_data(product, image):
    data = product_form_data(product, 10, 10)
    data.update(
        {
            "gallery_images-TOTAL_FORMS": 1,
            "gallery_images-INITIAL_FORMS": 0,
            "gallery_images-0-image": image.pk,
            "gallery_images-0-alt_text": "Kain tenun",
            "gallery_images-0-ORDER": 1,
            "gallery_images-0-id": "",
        }
    )
    return data


def test_edit_and_add_views_are_serialised():
    from django.urls import get_resolver

    names = set()
    for name in ("wagtailadmin_pages:edit", "wagtailadmin_pages:add"):
        match = get_resolver().resolve(
            reverse(name, args=[1] if name.endswith("edit") else ["a", "b", 1])
        )
        names.add(match.func.__wrapped__.__name__ if hasattr(match.func, "__wrapped__") else "")
        # The outermost wrappers include serialise_page_saves (installed with the seller guard).
        func, chain = match.func, []
        while func is not None:
            chain.append(getattr(func, "__code__", None))
            func = getattr(func, "__wrapped__", None)
        wrapper_code = serialise_page_saves(lambda r: r).__code__
        assert wrapper_code in chain, name


@pytest.mark.django_db(transaction=True)
def test_autosave_and_submit_at_once_make_one_gallery_row(seller_a, django_db_blocker):
    product = seller_a["product"]
    product.unpublish()  # a draft: the editor writes its rows straight to the database
    product.gallery_images.all().delete()
    image = ImageFactory(collection=seller_a["space"].collection)
    url = reverse("wagtailadmin_pages:edit", args=[product.pk])
    data = gallery_data(product, image)
    start = threading.Barrier(2, timeout=60)
    statuses, errors = [], []

    def client():
        # Logged in here, one at a time: the threads only race on the save itself.
        seller_client = Client()
        seller_client.force_login(seller_a["user"])
        return seller_client

    def post(seller_client, extra, headers):
        try:
            start.wait()
            statuses.append(seller_client.post(url, {**data, **extra}, **headers).status_code)
        except Exception as error:  # noqa: BLE001 - reported below, a hung thread would hide it
            start.abort()
            errors.append(error)
        finally:
            connection.close()  # the thread's own; left open, it blocks dropping the test database

    threads = [
        threading.Thread(target=post, args=(client(), {}, {"HTTP_ACCEPT": "application/json"})),
        threading.Thread(target=post, args=(client(), {"action-submit": "Submit"}, {})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert not errors, errors
    assert len(statuses) == 2 and max(statuses) < 500  # one may be told the page moved on
    assert product.gallery_images.count() == 1


@pytest.mark.django_db
def test_submit_without_the_autosaved_ids_adds_the_photo_once(client, seller_a):
    """The autosave answered on the server but its ids had not reached the phone yet."""
    product = seller_a["product"]
    product.unpublish()
    product.gallery_images.all().delete()
    image = ImageFactory(collection=seller_a["space"].collection)
    client.force_login(seller_a["user"])
    url = reverse("wagtailadmin_pages:edit", args=[product.pk])
    data = gallery_data(product, image)
    assert client.post(url, data, HTTP_ACCEPT="application/json").status_code == 200
    assert product.gallery_images.count() == 1
    # The Submit lists the autosaved photo again without its id, plus a second, new photo.
    other = ImageFactory(collection=seller_a["space"].collection)
    data.update(
        {
            "gallery_images-TOTAL_FORMS": 2,
            "gallery_images-1-image": other.pk,
            "gallery_images-1-alt_text": "Kain kedua",
            "gallery_images-1-ORDER": 2,
            "gallery_images-1-id": "",
        }
    )
    response = client.post(url, {**data, "action-submit": "Submit"})
    assert response.status_code == 302
    assert sorted(product.gallery_images.values_list("image_id", flat=True)) == sorted(
        [image.pk, other.pk]
    )
