"""A fake Midtrans API server: real HTTP on a free local port, Midtrans' response shapes.

Implements what the app calls through the official `midtransclient`: Snap transaction creation
(`POST /snap/v1/transactions` → token and redirect_url), the Core API status
(`GET /v2/<order_id>/status`), `POST /v2/<order_id>/expire` and `/cancel`. Requests must carry the
server key as HTTP Basic user name, as Midtrans requires. Every request is recorded.

Tests move a transaction with `choose` (the shopper picked QRIS, a VA…: pending), `settle`,
`deny`, `expire` and `refund`, and build correctly signed notification bodies with
`notification`. The `redirect_url` answers a small HTML "payment page" whose buttons pay (or
choose a virtual account), send the signed notification to `notification_url` like Midtrans
does, and return to the shop's finish URL: enough for a browser test.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.request
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

STATUS_CODES = {
    "pending": "201",
    "settlement": "200",
    "capture": "200",
    "deny": "202",
    "cancel": "200",
    "expire": "407",
    "refund": "200",
    "partial_refund": "200",
}
BANKS = {"bca_va": "bca", "bni_va": "bni", "bri_va": "bri", "cimb_va": "cimb"}


def signature(order_id, status_code, gross_amount, server_key):
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{server_key}".encode()).hexdigest()


class FakeMidtrans:
    def __init__(self, server_key):
        self.server_key = server_key
        self.transactions = {}  # order_id → {"params", "token", "status": {...} or None}
        self.by_token = {}
        self.requests = []
        self.notification_url = None  # set by tests that let the fake page notify the shop
        self.fail_next_create = None  # "500"
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # --- what tests use ---------------------------------------------------------------

    def creates(self):
        return [
            r
            for r in self.requests
            if r["method"] == "POST" and r["path"] == "/snap/v1/transactions"
        ]

    def status_requests(self, order_id=None):
        return [
            r
            for r in self.requests
            if r["method"] == "GET"
            and r["path"].endswith("/status")
            and (order_id is None or r["path"] == f"/v2/{order_id}/status")
        ]

    def _set(self, order_id, transaction_status, **changes):
        transaction = self.transactions[order_id]
        status = transaction["status"]
        if status is None:
            status = self._new_status(order_id, "qris")
            transaction["status"] = status
        status.update(
            transaction_status=transaction_status,
            status_code=STATUS_CODES[transaction_status],
            status_message=f"Success, transaction is {transaction_status}",
            **changes,
        )
        if transaction_status == "settlement":
            status.setdefault("settlement_time", time.strftime("%Y-%m-%d %H:%M:%S"))
        return dict(status)

    def _new_status(self, order_id, method):
        params = self.transactions[order_id]["params"]
        status = {
            "transaction_id": secrets.token_hex(16),
            "order_id": order_id,
            "merchant_id": "G000000000",
            "gross_amount": f"{int(params['transaction_details']['gross_amount'])}.00",
            "currency": "IDR",
            "transaction_time": time.strftime("%Y-%m-%d %H:%M:%S"),
            "fraud_status": "accept",
        }
        if method in BANKS:
            status.update(
                payment_type="bank_transfer",
                va_numbers=[{"bank": BANKS[method], "va_number": "12345" + secrets.token_hex(3)}],
            )
        elif method == "permata_va":
            status.update(payment_type="bank_transfer", permata_va_number="8562000" + "1234")
        elif method == "echannel":
            status.update(payment_type="echannel", bill_key="123456", biller_code="70012")
        elif method == "credit_card":
            status.update(payment_type="credit_card", masked_card="481111-1114")
        else:
            status.update(payment_type=method)
        return status

    def choose(self, order_id, method="qris"):
        """The shopper picked a method on the Snap page: the transaction exists, pending."""
        self.transactions[order_id]["status"] = self._new_status(order_id, method)
        return self._set(order_id, "pending")

    def settle(self, order_id, method=None, gross_amount=None, currency=None):
        if method or self.transactions[order_id]["status"] is None:
            self.choose(order_id, method or "qris")
        changes = {}
        if gross_amount is not None:
            changes["gross_amount"] = gross_amount
        if currency is not None:
            changes["currency"] = currency
        return self._set(order_id, "settlement", **changes)

    def capture(self, order_id, fraud_status="accept"):
        if self.transactions[order_id]["status"] is None:
            self.choose(order_id, "credit_card")
        return self._set(order_id, "capture", fraud_status=fraud_status)

    def deny(self, order_id):
        if self.transactions[order_id]["status"] is None:
            self.choose(order_id, "credit_card")
        return self._set(order_id, "deny", fraud_status="deny")

    def expire(self, order_id):
        return self._set(order_id, "expire")

    def refund(self, order_id, partial=False):
        return self._set(order_id, "partial_refund" if partial else "refund")

    def notification(self, order_id, server_key=None, **overrides):
        """The body Midtrans posts to the notification URL, signed with the server key."""
        status = dict(self.transactions[order_id]["status"])
        status.update(overrides)
        status["signature_key"] = signature(
            status["order_id"],
            status["status_code"],
            status["gross_amount"],
            self.server_key if server_key is None else server_key,
        )
        return status

    def send_notification(self, order_id):
        """POST the signed notification to `notification_url`, as Midtrans does."""
        body = json.dumps(self.notification(order_id)).encode()
        request = urllib.request.Request(
            self.notification_url,
            data=body,
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - local
            return response.status

    # --- the API ------------------------------------------------------------------------

    def _create(self, params):
        details = params.get("transaction_details") or {}
        order_id = details.get("order_id")
        errors = []
        if not order_id:
            errors.append("transaction_details.order_id is required")
        elif order_id in self.transactions:
            errors.append("transaction_details.order_id has already been taken")
        gross = details.get("gross_amount")
        items = params.get("item_details") or []
        if not isinstance(gross, int):
            errors.append("transaction_details.gross_amount must be a whole number")
        elif items and sum(int(i["price"]) * int(i["quantity"]) for i in items) != gross:
            errors.append(
                "transaction_details.gross_amount is not equal to the sum of item_details"
            )
        if errors:
            return 400, {"error_messages": errors}
        token = secrets.token_hex(18)
        self.transactions[order_id] = {"params": params, "token": token, "status": None}
        self.by_token[token] = order_id
        return 201, {"token": token, "redirect_url": f"{self.url}/snap/v4/redirection/{token}"}

    def _authorised(self, headers):
        auth = headers.get("Authorization", "")
        if not auth.startswith("Basic "):
            return False
        user = base64.b64decode(auth[6:]).decode().split(":", 1)[0]
        return user == self.server_key

    def _page(self, token):
        order_id = self.by_token.get(token)
        if order_id is None:
            return None
        params = self.transactions[order_id]["params"]
        amount = params["transaction_details"]["gross_amount"]
        buttons = "".join(
            f'<button type="submit" name="method" value="{m}">{label}</button> '
            for m, label in [("qris", "Bayar dengan QRIS"), ("bca_va", "BCA Virtual Account")]
        )
        return (
            '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
            "<title>Fake Midtrans Snap</title></head><body><main><h1>Fake Midtrans Snap</h1>"
            f"<p id='order'>{escape(order_id)}</p><p id='amount'>Rp{amount}</p>"
            f"<p id='methods'>{escape(','.join(params.get('enabled_payments', [])))}</p>"
            f'<form method="post" action="/snap/v4/redirection/{token}/pay">{buttons}</form>'
            "</main></body></html>"
        )

    def _pay(self, token, method):
        """The fake page's button: QRIS settles at once, a VA stays pending; notify; go back."""
        order_id = self.by_token[token]
        if method == "qris":
            self.settle(order_id, method="qris")
        else:
            self.choose(order_id, method)
        if self.notification_url:
            self.send_notification(order_id)
        status = self.transactions[order_id]["status"]
        finish = self.transactions[order_id]["params"].get("callbacks", {}).get("finish", "")
        query = urlencode(
            {
                "order_id": order_id,
                "status_code": status["status_code"],
                "transaction_status": status["transaction_status"],
            }
        )
        return f"{finish}?{query}" if finish else "/"

    def _handler_class(fake):  # noqa: N805 - the handler closes over the fake
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status, body, content_type="application/json", headers=()):
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _record(self, params):
                entry = {
                    "method": self.command,
                    "path": urlsplit(self.path).path,
                    "params": params,
                    "headers": dict(self.headers.items()),
                }
                with fake._lock:
                    fake.requests.append(entry)

            def _not_found(self):
                return self._reply(
                    404, {"status_code": "404", "status_message": "Transaction doesn't exist."}
                )

            def do_GET(self):
                path = urlsplit(self.path).path
                if path.startswith("/snap/v4/redirection/"):
                    html = fake._page(path.rsplit("/", 1)[-1])
                    if html is None:
                        return self._reply(404, b"not found", "text/plain")
                    return self._reply(200, html.encode(), "text/html; charset=utf-8")
                self._record({})
                if not fake._authorised(self.headers):
                    return self._reply(
                        401, {"status_code": "401", "status_message": "Unauthorized"}
                    )
                parts = path.strip("/").split("/")
                if len(parts) == 3 and parts[0] == "v2" and parts[2] == "status":
                    transaction = fake.transactions.get(parts[1])
                    if transaction is None or transaction["status"] is None:
                        return self._not_found()
                    return self._reply(200, transaction["status"])
                return self._reply(404, {"status_code": "404", "status_message": "Not found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                path = urlsplit(self.path).path
                if path.startswith("/snap/v4/redirection/") and path.endswith("/pay"):
                    token = path.split("/")[-2]
                    if token not in fake.by_token:
                        return self._reply(404, b"not found", "text/plain")
                    method = dict(parse_qsl(raw)).get("method", "qris")
                    location = fake._pay(token, method)
                    return self._reply(303, b"", "text/plain", headers=[("Location", location)])
                try:
                    params = json.loads(raw) if raw else {}
                except ValueError:
                    params = {}
                self._record(params)
                if not fake._authorised(self.headers):
                    return self._reply(
                        401, {"error_messages": ["Access denied due to unauthorized transaction"]}
                    )
                if path == "/snap/v1/transactions":
                    failure, fake.fail_next_create = fake.fail_next_create, None
                    if failure == "500":
                        return self._reply(500, {"error_messages": ["Internal server error"]})
                    return self._reply(*fake._create(params))
                parts = path.strip("/").split("/")
                if len(parts) == 3 and parts[0] == "v2" and parts[2] in ("expire", "cancel"):
                    transaction = fake.transactions.get(parts[1])
                    if transaction is None:
                        return self._not_found()
                    if transaction["status"] is None:
                        # Expiring an unpaid Snap transaction closes its page.
                        fake.choose(parts[1], "qris")
                    current = transaction["status"]["transaction_status"]
                    allowed = ("pending",) if parts[2] == "expire" else ("pending", "capture")
                    if current not in allowed:
                        return self._reply(
                            412,
                            {
                                "status_code": "412",
                                "status_message": "Merchant cannot modify the status of the transaction",
                            },
                        )
                    new = "expire" if parts[2] == "expire" else "cancel"
                    return self._reply(200, fake._set(parts[1], new))
                return self._reply(404, {"status_code": "404", "status_message": "Not found"})

        return Handler
