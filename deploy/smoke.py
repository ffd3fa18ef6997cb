"""Smoke-test a deployed Pasar Lokal through its proxy (deploy/ci-check.sh runs it in CI).

    python deploy/smoke.py https://pasarlokal.example:8443 --connect 127.0.0.1 \
        --sources 127.0.0.2,127.0.0.3 --insecure

Checks: pages answer over HTTPS with canonical and sitemap URLs on the configured host; a
product photo is served by the proxy; private media is not; two clients (distinct source
addresses) get two rate-limit buckets and a forged X-Forwarded-For does not escape one; an
oversize upload is refused by the proxy. Standard library only.
"""

import argparse
import http.client
import http.cookies
import re
import socket
import ssl
import sys
import uuid
from urllib.parse import urlencode, urlsplit

FAILURES = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        FAILURES.append(message)


class Client:
    """One visitor: its own source address and cookie jar."""

    def __init__(self, base, connect, source, insecure):
        self.base = urlsplit(base)
        self.connect, self.source = connect, source
        self.context = (
            ssl._create_unverified_context() if insecure else ssl.create_default_context()
        )
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        port = self.base.port or 443
        raw = socket.create_connection(
            (self.connect or self.base.hostname, port),
            30,
            (self.source, 0) if self.source else None,
        )
        # SNI and Host carry the public name even when connecting to an address.
        conn = http.client.HTTPConnection(self.base.hostname, port, timeout=30)
        conn.sock = self.context.wrap_socket(raw, server_hostname=self.base.hostname)
        all_headers = {"Host": self.base.netloc, "User-Agent": "Mozilla/5.0 (smoke test)"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        conn.close()
        return response, data

    def get(self, path):
        return self.request("GET", path)


def pledge_action(html):
    """Where the campaign page's pledge form posts (its own view, not the page)."""
    action = re.search(r'<form class="form pledge__form[^"]*"[^>]*action="([^"#]+)', html).group(1)
    return action.replace("&amp;", "&")


def pledge(client, base, email):
    response, body = client.get("/kampanye/")
    html = body.decode()
    region = re.search(r'<select name="region"[^>]*>.*?<option value="(\d+)"', html, re.S).group(1)
    form = urlencode(
        {
            "name": "Smoke Test",
            "email": email,
            "region": region,
            "agree": "on",
            "website": "",
        }
    )
    # The form comes from the shared page cache without a CSRF token; the view checks the Origin.
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": base,
        "Referer": base + "/kampanye/",
    }
    return client.request("POST", pledge_action(html), form, headers)[0].status


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base", help="the public base URL, e.g. https://pasarlokal.example")
    parser.add_argument("--site-url", help="SITE_URL, when the proxy is reached on another port")
    parser.add_argument("--connect", help="connect to this address instead of resolving the host")
    parser.add_argument("--sources", default="", help="two local source addresses, comma-separated")
    parser.add_argument("--insecure", action="store_true", help="accept a self-signed certificate")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    site = (args.site_url or base).rstrip("/")
    sources = [s for s in args.sources.split(",") if s] or [None, None]
    one = Client(base, args.connect, sources[0], args.insecure)
    two = Client(base, args.connect, sources[1], args.insecure)

    response, body = one.get("/")
    html = body.decode()
    check(response.status == 200, f"GET / answers 200 over HTTPS (got {response.status})")
    check(f'<link rel="canonical" href="{site}/">' in html, f"canonical link is {site}/")
    check("localhost" not in html, "the home page never says localhost")

    response, body = one.get("/sitemap.xml")
    sitemap = body.decode()
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    check(response.status == 200 and locs, f"sitemap lists pages ({len(locs)} URLs)")
    check(all(loc.startswith(site + "/") for loc in locs), f"every sitemap URL starts with {site}/")

    response, body = one.get("/katalog/")
    images = re.findall(r'(?:src|srcset)="(/media/images/[^" ]+)', body.decode())
    check(bool(images), "the catalogue shows product photos from /media/images/")
    if images:
        response, data = one.get(images[0])
        check(
            response.status == 200
            and response.headers.get("Content-Type", "").startswith("image/")
            and len(data) > 100,
            f"a product photo is served by the proxy: {images[0]} ({response.status}, "
            f"{response.headers.get('Content-Type')}, {len(data)} bytes)",
        )
        check("gunicorn" not in (response.headers.get("Server") or ""), "…by nginx, not the app")
    response, _ = one.get("/media/seller-applications/anything.pdf")
    check(response.status == 404, "private media (seller application papers) is not served")

    # Rate-limit buckets: PUBLIC_FORM_RATE_LIMIT=1 in the deployment under test.
    run = uuid.uuid4().hex[:8]
    check(pledge(one, base, f"a-{run}@contoh.id") == 302, "client 1: first pledge accepted")
    status = one.request("GET", "/", headers={"X-Forwarded-For": "203.0.113.99"})[0].status
    check(status == 200, "a forged X-Forwarded-For is harmless")
    forged = Client(base, args.connect, sources[0], args.insecure)
    forged_status = None
    response, body = forged.get("/kampanye/")
    html = body.decode()
    region = re.search(r'<select name="region"[^>]*>.*?<option value="(\d+)"', html, re.S).group(1)
    form = urlencode(
        {
            "name": "Forger",
            "email": f"f-{run}@contoh.id",
            "region": region,
            "agree": "on",
            "website": "",
        }
    )
    forged_status = forged.request(
        "POST",
        pledge_action(html),
        form,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": base + "/kampanye/",
            "X-Forwarded-For": "198.51.100.77",
        },
    )[0].status
    check(
        forged_status == 429,
        f"client 1 with a forged X-Forwarded-For is still limited ({forged_status})",
    )
    check(pledge(one, base, f"b-{run}@contoh.id") == 429, "client 1: second pledge refused (429)")
    check(pledge(two, base, f"c-{run}@contoh.id") == 302, "client 2 (another address): accepted")

    big = b"x" * (13 * 1024 * 1024)
    try:
        status = one.request(
            "POST",
            "/daftar-penjual/",
            big,
            {"Content-Type": "application/octet-stream", "Referer": base + "/daftar-penjual/"},
        )[0].status
    except (ConnectionError, ssl.SSLError, http.client.HTTPException):
        status = "connection closed"
    check(
        status in (413, "connection closed"), f"a 13 MB upload is refused by the proxy ({status})"
    )

    if FAILURES:
        print(f"\n{len(FAILURES)} check(s) failed", file=sys.stderr)
        return 1
    print("\nall deployment checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
