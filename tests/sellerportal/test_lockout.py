import pytest

from django.urls import reverse

from .conftest import PASSWORD


@pytest.mark.django_db
def test_admin_login_locks_out_after_five_failures(client, seller_a):
    url = reverse("wagtailadmin_login")
    username = seller_a["user"].username
    for attempt in range(4):
        response = client.post(url, {"username": username, "password": "salah"})
        assert response.status_code == 200, attempt
        assert "sign-in attempts" not in response.content.decode()
    response = client.post(url, {"username": username, "password": "salah"})
    assert response.status_code == 429
    body = response.content.decode()
    assert "Terlalu banyak percobaan masuk yang gagal" in body
    assert reverse("wagtailadmin_password_reset") in body
    # Even the right password is refused while locked out…
    response = client.post(url, {"username": username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # …but another account from the same connection is not locked.
    response = client.post(url, {"username": "someone@example.com", "password": "salah"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_lockout_expires_after_fifteen_minutes(client, seller_a):
    import datetime

    import time_machine

    url = reverse("wagtailadmin_login")
    for _ in range(5):
        client.post(url, {"username": seller_a["user"].username, "password": "salah"})
    with time_machine.travel(
        datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=16)
    ):
        response = client.post(url, {"username": seller_a["user"].username, "password": PASSWORD})
    assert response.status_code == 302
