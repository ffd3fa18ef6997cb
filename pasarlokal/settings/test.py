import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", str(BASE_DIR / ".test-media"))  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if REDIS_URL:  # noqa: F405
    # The PostgreSQL pass of CI runs against Redis; a per-process prefix keeps runs apart.
    CACHES["default"]["KEY_PREFIX"] = f"pasarlokal-test-{os.getpid()}"  # noqa: F405
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, … under pytest -n
    if worker:
        # Every test starts with cache.clear(), which empties a whole Redis database whatever
        # the prefix: each pytest-xdist worker has a database of its own (the URL's, plus N).
        url = urlsplit(REDIS_URL)  # noqa: F405
        database = int(url.path.strip("/") or 0) + int(worker.removeprefix("gw"))
        REDIS_URL = urlunsplit(url._replace(path=f"/{database}"))
        CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
STRIPE_SECRET_KEY = ""
STRIPE_PUBLISHABLE_KEY = ""
STRIPE_WEBHOOK_SECRET = ""
STRIPE_API_BASE = ""
MIDTRANS_SERVER_KEY = ""
MIDTRANS_CLIENT_KEY = ""
MIDTRANS_IS_PRODUCTION = False
MIDTRANS_API_BASE = ""
AXES_ENABLED = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
