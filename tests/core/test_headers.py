"""Headers: a strict CSP on public pages (no 'unsafe-inline'), a looser one only in the admin,
framing rules that agree with each other, and a Permissions-Policy."""

import re

import pytest

from django.contrib.auth import get_user_model

from campaign.models import Pledge

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


def public_urls(site):
    return [
        "/",
        "/katalog/",
        "/penjual/",
        site.seller.url,
        site.product.url,
        "/kampanye/",
        "/agenda/",
        "/sentra-ikm/",
        "/cari/?q=tenun",
        "/keranjang/",
        "/daftar-penjual/",
    ]


def test_public_pages_forbid_inline_code_and_framing(client, public_site):
    for url in public_urls(public_site):
        response = client.get(url)
        assert response.status_code == 200, url
        csp = directives(response)
        assert "'unsafe-inline'" not in csp["script-src"], url
        assert "'unsafe-inline'" not in csp["style-src"], url
        assert csp["frame-ancestors"] == ["'none'"], url
        assert response["X-Frame-Options"] == "DENY", url
        assert "camera=()" in response["Permissions-Policy"], url


def test_public_templates_carry_no_inline_style_or_script(client, public_site):
    from tests.factories import RegionFactory

    region = RegionFactory()
    Pledge.objects.create(name="A", email="a@contoh.id", region=region, agreed_to_be_counted=True)
    for url in public_urls(public_site):
        body = client.get(url).content.decode()
        assert not re.search(r"\sstyle=", body), url
        for script in re.findall(r"<script\b[^>]*>", body):
            # External scripts and data blocks (JSON-LD, json_script) only: CSP runs neither inline.
            data_block = re.search(r'type="application/(ld\+)?json"', script)
            assert "src=" in script or data_block, (url, script)


def test_the_admin_alone_gets_inline_code_and_same_origin_framing(client, public_site):
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw")
    client.force_login(user)
    response = client.get("/admin/")
    csp = directives(response)
    assert "'unsafe-inline'" in csp["script-src"]
    assert "'unsafe-inline'" in csp["style-src"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "Permissions-Policy" in response
