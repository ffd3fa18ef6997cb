"""The visitor's address, the one way every part of the site reads it.

Behind a proxy, ``REMOTE_ADDR`` is the proxy's address; the visitor's is in ``X-Forwarded-For``,
which anyone can also send themselves. ``TRUSTED_PROXIES`` says how far to believe that header:

- ``0`` (the default): no proxy; ``REMOTE_ADDR`` is the visitor and the header is ignored.
- a number *N*: exactly N proxies stand in front of the app, each appending the address it saw
  (nginx's ``$proxy_add_x_forwarded_for``). The visitor is the N-th address from the right;
  anything a visitor wrote further left is ignored.
- networks (e.g. ``["10.0.0.0/8", "127.0.0.1/32"]``): starting from ``REMOTE_ADDR`` and walking
  the header right to left, addresses inside these networks are proxies; the first one outside
  them is the visitor. A request from a peer outside them is taken at face value.

Rate limits, the login lock-out (``AXES_CLIENT_IP_CALLABLE``) and click de-duplication all call
``client_ip``.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

UNKNOWN = "0.0.0.0"


def _parse(value):
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51000"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _networks(spec):
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def trusted_proxies():
    """The setting as an int (hops) or a tuple of networks."""
    value = getattr(settings, "TRUSTED_PROXIES", 0) or 0
    if isinstance(value, int):
        return max(value, 0)
    if isinstance(value, str):
        value = [item.strip() for item in value.split(",") if item.strip()]
        if len(value) == 1 and value[0].isdigit():
            return int(value[0])
    return _networks(tuple(value))


def forwarded_chain(request):
    """Addresses from X-Forwarded-For (left = furthest) followed by REMOTE_ADDR."""
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [_parse(item) for item in header.split(",")] if header.strip() else []
    chain.append(_parse(request.META.get("REMOTE_ADDR")))
    return chain


def client_ip(request):
    """The visitor's address as a string (``0.0.0.0`` when there is none to be found)."""
    remote = _parse(request.META.get("REMOTE_ADDR"))
    proxies = trusted_proxies()
    if proxies == 0 or remote is None:
        return str(remote) if remote else UNKNOWN
    chain = forwarded_chain(request)
    if isinstance(proxies, int):
        position = max(len(chain) - 1 - proxies, 0)
        # A garbled entry where the visitor should be: fall back to the nearest proxy's view.
        for address in chain[position:]:
            if address is not None:
                return str(address)
        return UNKNOWN
    client = remote
    for address in reversed(chain):
        if address is None:
            break
        client = address
        if not any(address in network for network in proxies):
            break
    return str(client)
