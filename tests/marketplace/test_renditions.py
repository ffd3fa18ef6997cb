"""Renditions are made when a photo is uploaded or its product published, not on first view."""

import pytest

from marketplace.signals import PRODUCT_PHOTO_SPECS
from tests.factories import ProductImageFactory

pytestmark = pytest.mark.django_db


def test_publishing_a_product_makes_its_photo_renditions(shop, django_capture_on_commit_callbacks):
    product = shop.add_product(title="Kopi Robusta Tambora", slug="kopi-robusta")
    with django_capture_on_commit_callbacks(execute=True):
        photo = ProductImageFactory(product=product, alt_text="Biji kopi")
        photo.image.renditions.all().delete()  # as if uploaded before this feature
        product.save_revision().publish()
    made = set(photo.image.renditions.values_list("filter_spec", flat=True))
    assert set(PRODUCT_PHOTO_SPECS) <= made
    assert any("avif" in spec for spec in made)


def test_the_first_shopper_does_not_wait_for_renditions(
    client, shop, django_capture_on_commit_callbacks, settings
):
    settings.PAGE_CACHE_ENABLED = False
    product = shop.add_product(title="Kopi Robusta Tambora", slug="kopi-robusta")
    with django_capture_on_commit_callbacks(execute=True):
        photo = ProductImageFactory(product=product, alt_text="Biji kopi")
        product.save_revision().publish()
    before = set(photo.image.renditions.values_list("filter_spec", flat=True))
    assert client.get(product.url).status_code == 200
    assert client.get("/katalog/").status_code == 200
    after = set(photo.image.renditions.values_list("filter_spec", flat=True))
    assert after - before == set()


# --- Two app servers making the same renditions at once -----------------------------------------

SLOW_INSERT = """
CREATE FUNCTION pl_test_slow_rendition() RETURNS trigger AS $$
BEGIN PERFORM pg_sleep(0.05); RETURN NEW; END $$ LANGUAGE plpgsql;
CREATE TRIGGER pl_test_slow_rendition BEFORE INSERT ON wagtailimages_rendition
FOR EACH ROW EXECUTE FUNCTION pl_test_slow_rendition();
"""
NO_SLOW_INSERT = """
DROP TRIGGER IF EXISTS pl_test_slow_rendition ON wagtailimages_rendition;
DROP FUNCTION IF EXISTS pl_test_slow_rendition();
"""


@pytest.fixture
def slow_rendition_inserts(django_db_blocker):
    """Each rendition row takes 50 ms to insert, as on a busy database: two workers inserting the
    same batch in opposite orders then meet in the middle (PostgreSQL's deadlock)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(SLOW_INSERT)
    yield
    with connection.cursor() as cursor:
        cursor.execute(NO_SLOW_INSERT)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_making_the_same_renditions_at_once_both_get_them(
    slow_rendition_inserts, monkeypatch
):
    """Wagtail inserts a batch in the order its encoders finish, which differs between workers.
    Forced here to opposite orders, the worker that loses PostgreSQL's deadlock tries again and
    finds the other's renditions: both pages render, and each rendition exists once."""
    import concurrent.futures
    import threading

    from wagtail_factories import ImageFactory

    from django.db import connection

    image = ImageFactory()
    specs = ["fill-40x40", "fill-60x60", "fill-80x80", "fill-100x100", "fill-120x120"]
    as_completed = concurrent.futures.as_completed

    def in_opposite_orders(futures, timeout=None):
        done = sorted(as_completed(futures, timeout), key=lambda f: f.result().filter_spec)
        return reversed(done) if threading.current_thread().name == "worker-b" else done

    monkeypatch.setattr(concurrent.futures, "as_completed", in_opposite_orders)
    start = threading.Barrier(2)
    made, failed = {}, []

    def worker():
        try:
            start.wait()
            renditions = type(image).objects.get(pk=image.pk).get_renditions(*specs)
            made[threading.current_thread().name] = sorted(
                r.filter_spec for r in renditions.values()
            )
        except Exception as error:  # noqa: BLE001 - the failure is the finding
            failed.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, name=name) for name in ("worker-a", "worker-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failed, failed
    assert made["worker-a"] == made["worker-b"] == sorted(specs)
    stored = list(
        image.renditions.filter(filter_spec__in=specs).values_list("filter_spec", flat=True)
    )
    assert sorted(stored) == sorted(specs)
