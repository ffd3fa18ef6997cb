"""NUL characters in any input: a clear 400, never a 500 (PostgreSQL refuses NUL in a query)."""

import pytest

from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/sentra-ikm/?wilayah=%00",
    "/sentra-ikm/?kategori=%00",
    "/kampanye/?sektor=%00",
    "/kampanye/?tag=%00",
    "/kampanye/?page=%00",
    "/katalog/?q=%00",
    "/katalog/?sektor=a%00b",
    "/katalog/?kategori=%00&wilayah=%00&page=%00",
    "/cari/?q=%00",
    "/penjual/?q=%00",
    "/agenda/?page=%00",
    "/?q%00=1",
    "/katalog/%00/",
    "/penjual/%00/",
]


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("url", PUBLIC)
def test_nul_in_public_urls_is_a_bad_request(client, public_site, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "tidak diizinkan" in response.content.decode()


def test_nul_in_a_form_field_is_a_bad_request(client, public_site):
    response = client.post("/kampanye/", {"name": "a\x00b", "email": "x@contoh.id"})
    assert response.status_code == 400


def test_nul_in_a_cookie_is_a_bad_request(client, public_site):
    client.cookies["sessionid"] = "abc\x00def0123456789"
    assert client.get("/").status_code == 400


def test_nul_in_the_admin_search_is_a_bad_request(client, public_site):
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw")
    client.force_login(user)
    assert client.get("/admin/stok-harga/?q=%00").status_code == 400
    assert client.get("/admin/pages/search/?q=%00").status_code == 400


def test_ordinary_requests_pass(client, public_site):
    assert client.get("/katalog/?q=tenun").status_code == 200
    assert client.get("/sentra-ikm/?wilayah=lombok").status_code == 200


def test_oversize_body_is_refused_before_it_is_read(client, public_site, settings):
    from io import BytesIO

    settings.MAX_REQUEST_BODY_SIZE = 1024

    class Unreadable(BytesIO):
        def read(self, *args):
            raise AssertionError("the body was read")

    response = client.generic(
        "POST",
        "/daftar-penjual/",
        data=b"",
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH="999999",
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert "terlalu besar" in response.content.decode()
