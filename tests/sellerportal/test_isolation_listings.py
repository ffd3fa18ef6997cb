# ruff: noqa: F811  (the `world` fixture is imported from test_isolation)
"""Seller A against seller B beyond the object URLs: the admin API's listings, bulk-action
confirmation pages (ids in the query string), certificates, and the documents themselves.

Bodies are checked, not status codes: B's secret must not appear in anything A is sent.
"""

import pytest
from wagtail_factories import DocumentFactory

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Collection

from tests.factories import CertificateFactory

from .test_isolation import B_MARKER, world  # noqa: F401  (the fixture)

CERT_NUMBER = "ID77700011122233"  # B's certificate number: a second secret


@pytest.fixture
def certs(world):
    b_cert = CertificateFactory(
        product=world["product"], number=CERT_NUMBER, document=world["document"]
    )
    a_cert = CertificateFactory(
        product=world["a"]["product"], number="ID11100022233344", document=world["a"]["document"]
    )
    return a_cert, b_cert


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def assert_no_secret(response, where):
    assert response.status_code != 500, where
    text = body(response)
    assert B_MARKER not in text, where
    assert CERT_NUMBER not in text, where
    assert "Dokumen Rahasia" not in text or "Tenun Alfa Dokumen Rahasia" in text, where


@pytest.mark.django_db
def test_admin_api_lists_only_the_sellers_own_documents_and_images(client, world):
    client.force_login(world["a"]["user"])
    for url in (
        "/admin/api/main/documents/?fields=*",
        "/admin/api/main/documents/?search=Gerabah&fields=*",
        "/admin/api/main/images/?fields=*",
        "/admin/api/main/images/?search=Gerabah&fields=*",
        "/admin/api/main/images/?search=Rahasia&fields=*",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_secret(response, url)
        assert response.json()["meta"]["total_count"] <= 1, url
    response = client.get("/admin/api/main/images/?fields=*")
    assert [item["title"] for item in response.json()["items"]] == ["Tenun Alfa Foto Rahasia"]
    response = client.get("/admin/api/main/documents/?fields=*")
    assert [item["title"] for item in response.json()["items"]] == ["Tenun Alfa Dokumen Rahasia"]


@pytest.mark.django_db
def test_admin_api_still_lists_everything_for_editors(client, world, editor):
    client.force_login(editor)
    response = client.get("/admin/api/main/images/?fields=*")
    titles = {item["title"] for item in response.json()["items"]}
    assert {"Tenun Alfa Foto Rahasia", "Gerabah Bravo Foto Rahasia"} <= titles


def bulk_urls(b):
    page_ids = f"id={b['product'].pk}&id={b['seller'].pk}"
    urls = [
        f"/admin/bulk/wagtailcore/page/{action}/?{page_ids}"
        for action in ("delete", "move", "publish", "unpublish")
    ]
    urls += [
        f"/admin/bulk/wagtailcore/page/{action}/?id=all&childOf={b['seller'].pk}"
        for action in ("delete", "publish", "unpublish")
    ]
    urls += [
        f"/admin/bulk/wagtailimages/image/delete/?id={b['image'].pk}",
        f"/admin/bulk/wagtailimages/image/add_to_collection/?id={b['image'].pk}",
        f"/admin/bulk/wagtailimages/image/add_tags/?id={b['image'].pk}",
        f"/admin/bulk/wagtaildocs/document/delete/?id={b['document'].pk}",
        f"/admin/bulk/wagtaildocs/document/add_to_collection/?id={b['document'].pk}",
        f"/admin/bulk/wagtaildocs/document/add_tags/?id={b['document'].pk}",
    ]
    return urls


@pytest.mark.django_db
def test_bulk_action_pages_never_show_another_sellers_titles(client, world):
    client.force_login(world["a"]["user"])
    for url in bulk_urls(world):
        assert_no_secret(client.get(url, follow=True), url)
    # A's own ids still work.
    a = world["a"]
    response = client.get(f"/admin/bulk/wagtailimages/image/delete/?id={a['image'].pk}")
    assert response.status_code == 200
    assert "Tenun Alfa Foto Rahasia" in body(response)
    # Mixing A's id with B's is refused as a whole, and changes nothing.
    response = client.post(
        f"/admin/bulk/wagtailimages/image/delete/?id={a['image'].pk}&id={world['image'].pk}",
        follow=True,
    )
    assert_no_secret(response, "mixed bulk delete")
    from wagtail.images import get_image_model

    assert get_image_model().objects.filter(pk=world["image"].pk).exists()


@pytest.mark.django_db
def test_certificate_screens_refuse_another_sellers_certificate(client, world, certs):
    a_cert, b_cert = certs
    client.force_login(world["a"]["user"])
    for view in ("inspect", "history", "usage", "edit", "delete"):
        url = reverse(f"certificates:{view}", args=[b_cert.pk])
        assert_no_secret(client.get(url, follow=True), url)
        own = client.get(reverse(f"certificates:{view}", args=[a_cert.pk]))
        assert own.status_code == 200, view
    for url in (
        "/admin/certificates/",
        "/admin/certificates/?q=ID777",
        "/admin/certificates/?export=csv",
    ):
        assert_no_secret(client.get(url), url)


@pytest.mark.django_db
def test_certificate_form_offers_and_accepts_only_own_documents(client, world, certs):
    a_cert, _b_cert = certs
    client.force_login(world["a"]["user"])
    response = client.get(reverse("certificates:add"))
    form = response.context["form"]
    offered = set(form.fields["document"].queryset.values_list("title", flat=True))
    assert offered == {"Tenun Alfa Dokumen Rahasia"}
    assert_no_secret(response, "certificate add form")
    data = {
        "product": world["a"]["product"].pk,
        "certification_type": a_cert.certification_type_id,
        "number": a_cert.number,
        "valid_until": "2030-01-01",
        "document": world["document"].pk,  # B's document
    }
    response = client.post(reverse("certificates:add"), data)
    assert response.status_code == 200
    assert "document" in response.context["form"].errors
    response = client.post(reverse("certificates:edit", args=[a_cert.pk]), data)
    assert response.status_code == 200
    a_cert.refresh_from_db()
    assert a_cert.document_id == world["a"]["document"].pk


# --- Documents are private to their seller and the office ----------------------------------


@pytest.mark.django_db
def test_seller_documents_are_served_only_to_their_seller_and_the_office(
    client,
    world,
    editor,
    certs,
):
    document = world["document"]  # B's certificate scan, in B's collection
    url = document.url
    assert url.startswith("/documents/")

    def fetch():
        response = client.get(url)
        return response.status_code, body(response) if response.status_code == 200 else ""

    status, _ = fetch()  # anonymous
    assert status in (302, 403, 404)
    client.force_login(world["a"]["user"])
    status, _ = fetch()
    assert status in (302, 403, 404)
    client.force_login(world["user"])  # B
    status, _ = fetch()
    assert status == 200
    client.force_login(editor)
    status, _ = fetch()
    assert status == 200


@pytest.mark.django_db
def test_office_documents_outside_seller_collections_stay_public(client, world):
    public = DocumentFactory(title="Panduan kampanye", collection=Collection.get_first_root_node())
    assert client.get(public.url).status_code == 200


@pytest.mark.django_db
def test_documents_are_served_through_the_checked_view(settings):
    from django.conf import settings as live

    assert live.WAGTAILDOCS_SERVE_METHOD == "serve_view"


@pytest.mark.django_db
def test_new_seller_collection_is_private_to_its_group_and_the_office(world):
    restriction = world["space"].collection.view_restrictions.get()
    names = set(restriction.groups.values_list("name", flat=True))
    assert world["space"].group.name in names
    assert {"Editors", "Moderators"} <= names
    assert world["a"]["space"].group.name not in names
    assert Group.objects.filter(name="Sellers").get().name not in names
