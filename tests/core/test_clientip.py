"""One client-address rule behind the proxy: rate limits, the login lock-out and click counting."""

import datetime

import pytest
import time_machine

from django.test import RequestFactory, override_settings
from django.urls import reverse

from campaign.models import Pledge
from pasarlokal.core.clientip import client_ip
from tests.factories import RegionFactory

rf = RequestFactory()


def request_from(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **meta)


@override_settings(TRUSTED_PROXIES=0)
def test_without_proxies_the_header_is_ignored():
    assert client_ip(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=1)
def test_one_hop_takes_the_address_nginx_appended_not_what_the_visitor_wrote():
    # The visitor wrote "1.2.3.4"; nginx appended the address it saw (203.0.113.5).
    assert client_ip(request_from("127.0.0.1", "1.2.3.4, 203.0.113.5")) == "203.0.113.5"
    assert client_ip(request_from("127.0.0.1", "203.0.113.5")) == "203.0.113.5"
    # No header at all (a health check straight to gunicorn): the peer itself.
    assert client_ip(request_from("127.0.0.1")) == "127.0.0.1"


@override_settings(TRUSTED_PROXIES=2)
def test_two_hops_with_a_load_balancer_in_front():
    assert client_ip(request_from("10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.1")) == "203.0.113.5"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "127.0.0.1/32"])
def test_networks_walk_right_to_left_past_trusted_proxies():
    assert client_ip(request_from("127.0.0.1", "6.6.6.6, 203.0.113.5, 10.1.2.3")) == "203.0.113.5"
    # An untrusted peer's header is spoofed: ignored.
    assert client_ip(request_from("198.51.100.7", "10.1.1.1, 203.0.113.5")) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=1)
def test_garbage_in_the_header_never_becomes_the_address():
    assert client_ip(request_from("127.0.0.1", "<script>, x'--")) == "127.0.0.1"
    assert client_ip(request_from("127.0.0.1", "")) == "127.0.0.1"
    assert client_ip(request_from("", "")) == "0.0.0.0"
    assert client_ip(request_from("127.0.0.1", "[2001:db8::1]:443")) == "2001:db8::1"


# --- every rate limit uses it ------------------------------------------------------------


def pledge(region, n, **overrides):
    data = {
        "name": f"Orang {n}",
        "region": str(region.pk),
        "email": f"orang{n}@contoh.id",
        "agree": "on",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=1)
def test_behind_the_proxy_each_visitor_has_their_own_pledge_limit(client, home_page):
    from tests.campaign.factories import CampaignIndexPageFactory

    CampaignIndexPageFactory(parent=home_page)
    region = RegionFactory()
    # Six visitors, all arriving from the proxy at 127.0.0.1: none is refused.
    for n in range(6):
        response = client.post(
            "/kampanye/",
            pledge(region, n),
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}",
        )
        assert response.status_code == 302, n
    assert Pledge.objects.count() == 6
    # One visitor who writes their own X-Forwarded-For cannot escape their bucket.
    for n in range(6, 12):
        response = client.post(
            "/kampanye/",
            pledge(region, n),
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 198.51.100.1",
        )
    assert response.status_code == 429
    assert Pledge.objects.count() == 6 + 5


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=0)
def test_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored(client, home_page):
    from tests.campaign.factories import CampaignIndexPageFactory

    CampaignIndexPageFactory(parent=home_page)
    region = RegionFactory()
    for n in range(6):
        response = client.post(
            "/kampanye/",
            pledge(region, n),
            REMOTE_ADDR="198.51.100.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}",
        )
    assert response.status_code == 429
    assert Pledge.objects.count() == 5


@pytest.mark.django_db
def test_pledges_that_fail_validation_do_not_use_up_the_limit(client, home_page):
    from tests.campaign.factories import CampaignIndexPageFactory

    CampaignIndexPageFactory(parent=home_page)
    region = RegionFactory()
    for n in range(8):  # a shopper fighting with the form: missing e-mail, no consent…
        response = client.post("/kampanye/", pledge(region, n, email="", agree=""))
        assert response.status_code == 200, n
    response = client.post("/kampanye/", pledge(region, 99))
    assert response.status_code == 302
    assert Pledge.objects.count() == 1


# --- the login lock-out ------------------------------------------------------------------


@pytest.fixture
def seller_login(db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        "toko@contoh.id", "toko@contoh.id", "rahasia-toko-123", is_staff=False
    )
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def login(client, username, password, address):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=1)
def test_lockout_is_per_login_and_visitor_address_behind_the_proxy(client, seller_login):
    for _ in range(5):
        login(client, seller_login.username, "salah", "203.0.113.66")
    assert login(client, seller_login.username, "salah", "203.0.113.66").status_code == 429
    # The seller, from their own connection (same proxy), still gets in.
    response = login(client, seller_login.username, "rahasia-toko-123", "198.51.100.20")
    assert response.status_code == 302


@pytest.mark.django_db
def test_probing_during_a_lockout_does_not_extend_it(client, seller_login):
    start = datetime.datetime(2026, 3, 1, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(5):
            login(client, seller_login.username, "salah", "")
        assert login(client, seller_login.username, "salah", "").status_code == 429
        for minutes in (5, 10, 14):  # an attacker keeps probing
            clock.move_to(start + datetime.timedelta(minutes=minutes))
            assert login(client, seller_login.username, "salah", "").status_code == 429
        clock.move_to(start + datetime.timedelta(minutes=16))
        response = login(client, seller_login.username, "rahasia-toko-123", "")
        assert response.status_code == 302
