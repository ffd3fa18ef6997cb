"""Two app servers, one truth: two gunicorn instances share one PostgreSQL and one Redis.

A stock change saved through one server's seller portal empties the page cache the other serves
from; a shopper's cart and messages started on one continue on the other; both show the same
pledge count.
"""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from marketplace.products import StockRecord

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PORTS = (8420, 8421)


@pytest.fixture
def servers(shop, tmp_path):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: the servers share their cache through Redis")
    db = connection.settings_dict
    credentials = urllib.parse.quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + urllib.parse.quote(db["PASSWORD"])
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="pasarlokal.settings.dev",
        DEBUG="false",
        DATABASE_URL=f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        REDIS_URL=settings.REDIS_URL,  # this test process's own database under pytest -n
        CACHE_KEY_PREFIX=f"two-servers-{uuid.uuid4().hex}",
        MEDIA_ROOT=str(tmp_path),
        PAGE_CACHE_SECONDS="600",
    )
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    processes = [
        subprocess.Popen(
            [
                gunicorn,
                "pasarlokal.wsgi",
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        for port in PORTS
    ]
    try:
        for port in PORTS:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
        yield [f"http://127.0.0.1:{port}" for port in PORTS]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Browser:
    """Cookies shared across both servers, as one shopper's phone behind a load balancer."""

    def __init__(self):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def get(self, url):
        with self.opener.open(url, timeout=60) as response:
            return response.headers, response.read().decode()

    def post(self, url, data, origin):
        """POST without following the redirect (the next request may go to the other server)."""
        request = urllib.request.Request(
            url, data=urllib.parse.urlencode(data, doseq=True).encode(), headers={"Origin": origin}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.headers

    def move_to(self, base):
        """Load balancers send the same cookies to every server: copy them to the other host."""
        host = urllib.parse.urlsplit(base).netloc.split(":")[0]
        for cookie in list(self.jar):
            cookie.domain = host


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class FormFields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag != "input" or not attrs.get("name"):
            return
        if attrs.get("type") == "checkbox" and "checked" not in attrs:
            return
        self.fields.append((attrs["name"], attrs.get("value") or ""))


def anonymous_get(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.headers, response.read().decode()


def test_two_servers_share_pages_carts_messages_and_pledges(servers, shop, django_user_model):
    one, two = servers
    product = shop.add_product(title="Kopi Robusta Tambora", slug="kopi-robusta", price=85_000)
    editor_user = django_user_model.objects.create_superuser("redaksi", "r@contoh.id", "x")
    # The servers run the normal settings, whose hashers do not include the tests' fast MD5 one.
    editor_user.password = PBKDF2PasswordHasher().encode(
        "kata-sandi-rahasia", "garamgaram1234", iterations=1000
    )
    editor_user.save(update_fields=["password"])

    # Server two has the page cached.
    anonymous_get(two + product.url)
    headers, html = anonymous_get(two + product.url)
    assert headers["X-Page-Cache"] == "hit" and "Rp85.000" in html

    # A price change saved through server one's seller portal (a real admin form post).
    editor = Browser()
    _h, login = editor.get(one + "/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
    status, _h = editor.post(
        one + "/admin/login/",
        {"csrfmiddlewaretoken": token, "username": "redaksi", "password": "kata-sandi-rahasia"},
        origin=one,
    )
    assert status == 302, "the editor could not log in on server one"
    _h, stock_page = editor.get(one + f"/admin/stok-harga/?q={urllib.parse.quote('Kopi Robusta')}")
    parser = FormFields()
    parser.feed(stock_page[stock_page.index("TOTAL_FORMS") - 200 :])
    fields = parser.fields
    price_field = next(
        name for name, value in fields if name.endswith("-price") and value == "85.000"
    )  # the price box shows thousands separators and takes them back
    data = [(name, "99.000" if name == price_field else value) for name, value in fields]
    editor.post(one + f"/admin/stok-harga/?q={urllib.parse.quote('Kopi Robusta')}", data, one)
    assert StockRecord.objects.get(product=product).price == 99_000

    started = time.monotonic()
    headers, html = anonymous_get(two + product.url)
    assert "Rp99.000" in html, "server two still serves the old price"
    assert time.monotonic() - started < 5

    # A shopper adds to the cart on server one; the cart and its message follow to server two.
    shopper = Browser()
    status, _h = shopper.post(
        one + "/keranjang/tambah/", {"product": product.pk, "quantity": 2}, one
    )
    assert status == 302
    shopper.move_to(two)
    _h, cart = shopper.get(two + "/keranjang/")
    assert "Kopi Robusta Tambora sudah masuk keranjang" in cart
    assert 'name="quantity" value="2"' in cart or 'value="2"' in cart

    # A pledge on server two: its thank-you message shows on server one; both count the same.
    pledger = Browser()
    status, _h = pledger.post(
        two + f"/ikrar/{shop.home.pk}/",
        {"name": "Lalu Budi", "region": shop.dompu.pk, "email": "budi@contoh.id", "agree": "on"},
        two,
    )
    assert status == 302
    pledger.move_to(one)
    _h, thanks = pledger.get(one + "/")
    assert "Lalu Budi" in thanks
    counts = [
        re.search(r'pledge__total stat"[^>]*><span class="stat__value">([\d.,]+)<', html)
        for html in (anonymous_get(base + "/")[1] for base in (one, two))
    ]
    assert [match.group(1) for match in counts] == ["1", "1"]
