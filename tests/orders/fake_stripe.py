"""A fake Stripe API server: real HTTP on a free local port, Stripe's response shapes.

Implements what the app calls: create, retrieve and expire Checkout Sessions. Every request is
recorded (method, path, decoded params, headers incl. Idempotency-Key) so tests can assert what
was sent. `fail_next_create = "500"` or `"hang"` makes the next create fail or time out.
A GET on a session's `url` answers a small HTML page, standing in for Stripe's hosted checkout.
"""

import itertools
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


def unflatten(pairs):
    """Stripe's form encoding (a[b][0][c]=1) → nested dicts and lists."""
    root = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node = root
        for part, following in itertools.zip_longest(parts, parts[1:]):
            if following is None:
                node[part] = value
            else:
                node = node.setdefault(part, {})
    return _lists(root)


def _lists(node):
    if isinstance(node, dict):
        node = {k: _lists(v) for k, v in node.items()}
        if node and all(k.isdigit() for k in node):
            return [node[k] for k in sorted(node, key=int)]
    return node


class FakeStripe:
    def __init__(self):
        self.sessions = {}
        self.requests = []
        self.idempotent = {}
        self.fail_next_create = None  # "500" or "hang"
        self.hang_seconds = 3
        self._counter = itertools.count(1)
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
            if r["method"] == "POST" and r["path"] == "/v1/checkout/sessions"
        ]

    def complete(self, session_id, payment_status="paid", amount_total=None, currency=None):
        """The shopper paid: the session becomes complete, as Stripe would report it."""
        session = self.sessions[session_id]
        session.update(
            status="complete",
            payment_status=payment_status,
            payment_intent=session["payment_intent"] or f"pi_test_{secrets.token_hex(8)}",
        )
        if amount_total is not None:
            session["amount_total"] = amount_total
        if currency is not None:
            session["currency"] = currency
        return dict(session)

    def expire(self, session_id):
        self.sessions[session_id].update(status="expired")
        return dict(self.sessions[session_id])

    @staticmethod
    def event(event_type, obj, event_id=None):
        return {
            "id": event_id or f"evt_test_{secrets.token_hex(12)}",
            "object": "event",
            "api_version": "2025-01-27.acacia",
            "created": int(time.time()),
            "livemode": False,
            "pending_webhooks": 1,
            "type": event_type,
            "data": {"object": obj},
        }

    @staticmethod
    def charge(payment_intent, amount, refunded=True, metadata=None):
        return {
            "id": f"ch_test_{secrets.token_hex(8)}",
            "object": "charge",
            "amount": amount,
            "amount_refunded": amount if refunded else amount // 2,
            "currency": "idr",
            "payment_intent": payment_intent,
            "refunded": refunded,
            "metadata": metadata or {},
        }

    # --- the API ------------------------------------------------------------------------

    def _create_session(self, params, headers):
        key = headers.get("Idempotency-Key")
        if key and key in self.idempotent:
            return 200, self.idempotent[key]
        number = next(self._counter)
        session_id = f"cs_test_{number:04d}{secrets.token_hex(12)}"
        items = params.get("line_items", [])
        amount = sum(
            int(item["price_data"]["unit_amount"]) * int(item.get("quantity", 1)) for item in items
        )
        session = {
            "id": session_id,
            "object": "checkout.session",
            "amount_subtotal": amount,
            "amount_total": amount,
            "cancel_url": params.get("cancel_url"),
            "client_reference_id": params.get("client_reference_id"),
            "created": int(time.time()),
            "currency": params.get("currency"),
            "customer_email": params.get("customer_email"),
            "expires_at": int(params.get("expires_at") or time.time() + 86400),
            "livemode": False,
            "locale": params.get("locale"),
            "metadata": params.get("metadata", {}),
            "mode": params.get("mode"),
            "payment_intent": None,
            "payment_status": "unpaid",
            "status": "open",
            "success_url": params.get("success_url"),
            "url": f"{self.url}/pay/{session_id}",
        }
        self.sessions[session_id] = session
        if key:
            self.idempotent[key] = session
        return 200, session

    def _handler_class(fake):  # noqa: N805 - the handler closes over the fake
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status, body, content_type="application/json"):
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", f"req_{secrets.token_hex(6)}")
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
                return entry

            def do_GET(self):
                path = urlsplit(self.path).path
                if path.startswith("/pay/"):
                    session_id = path.rsplit("/", 1)[-1]
                    html = (
                        '<!DOCTYPE html><html lang="en"><head><title>Fake Stripe Checkout</title></head>'
                        f"<body><main><h1>Fake Stripe Checkout</h1><p id='session'>{session_id}</p>"
                        "</main></body></html>"
                    )
                    return self._reply(200, html.encode(), "text/html; charset=utf-8")
                self._record(dict(parse_qsl(urlsplit(self.path).query)))
                if not self.headers.get("Authorization", "").startswith("Bearer "):
                    return self._reply(
                        401, {"error": {"type": "invalid_request_error", "message": "No API key"}}
                    )
                if path.startswith("/v1/checkout/sessions/"):
                    session = fake.sessions.get(path.rsplit("/", 1)[-1])
                    if session is None:
                        return self._reply(
                            404,
                            {
                                "error": {
                                    "type": "invalid_request_error",
                                    "code": "resource_missing",
                                    "message": "No such checkout.session",
                                }
                            },
                        )
                    return self._reply(200, session)
                return self._reply(
                    404,
                    {
                        "error": {
                            "type": "invalid_request_error",
                            "message": "Unrecognized request URL",
                        }
                    },
                )

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                params = unflatten(parse_qsl(body, keep_blank_values=True))
                self._record(params)
                path = urlsplit(self.path).path
                if not self.headers.get("Authorization", "").startswith("Bearer "):
                    return self._reply(
                        401, {"error": {"type": "invalid_request_error", "message": "No API key"}}
                    )
                if path == "/v1/checkout/sessions":
                    failure, fake.fail_next_create = fake.fail_next_create, None
                    if failure == "500":
                        return self._reply(
                            500,
                            {
                                "error": {
                                    "type": "api_error",
                                    "message": "Something went wrong on Stripe's end.",
                                }
                            },
                        )
                    if failure == "hang":
                        time.sleep(fake.hang_seconds)
                        return self._reply(
                            500, {"error": {"type": "api_error", "message": "too late"}}
                        )
                    return self._reply(*fake._create_session(params, self.headers))
                if path.startswith("/v1/checkout/sessions/") and path.endswith("/expire"):
                    session = fake.sessions.get(path.split("/")[-2])
                    if session is None:
                        return self._reply(
                            404,
                            {
                                "error": {
                                    "type": "invalid_request_error",
                                    "code": "resource_missing",
                                    "message": "No such checkout.session",
                                }
                            },
                        )
                    if session["status"] != "open":
                        return self._reply(
                            400,
                            {
                                "error": {
                                    "type": "invalid_request_error",
                                    "message": "Only open sessions can be expired.",
                                }
                            },
                        )
                    session["status"] = "expired"
                    return self._reply(200, session)
                return self._reply(
                    404,
                    {
                        "error": {
                            "type": "invalid_request_error",
                            "message": "Unrecognized request URL",
                        }
                    },
                )

        return Handler
