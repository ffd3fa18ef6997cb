"""The header's cart count travels in a display-only cookie, so pages need not read the session.

Pages stay the same for every visitor (and so can be cached and shared); a line of JavaScript
shows the count from this cookie. It holds a number and nothing else: the cart itself stays in
the session, and nothing trusts this cookie.
"""

from django.conf import settings

from .cart import COUNT_KEY

CART_COUNT_COOKIE = "pl_cart_count"


class CartCountCookieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.modified:
            return response
        count = session.get(COUNT_KEY) or 0
        if count:
            response.set_cookie(
                CART_COUNT_COOKIE,
                str(count),
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        elif CART_COUNT_COOKIE in request.COOKIES:
            response.delete_cookie(CART_COUNT_COOKIE, samesite="Lax")
        return response
