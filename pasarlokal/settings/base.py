"""Settings shared by every environment. Secrets and hosts come only from the environment."""

import os
from pathlib import Path

import dj_database_url
import dj_email_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "marketplace",
    "marketplace.contact",
    "marketplace.orders",
    "marketplace.sellerportal",
    "impact",
    "marketplace.programme",
    "campaign",
    "pasarlokal.core",
    "pasarlokal.demo",
    # wagtail-localize: translation editor, PO export/import, machine-free workflow.
    # `wagtail_localize.locales` replaces `wagtail.locales` (its locale admin adds sync options).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pasarlokal.core.middleware.RequestBodyLimitMiddleware",
    "pasarlokal.core.middleware.RejectNulMiddleware",
    # HTML is compressed by the app (static files are pre-compressed by WhiteNoise).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.pwa.SessionPagesArePrivate",
    "django.middleware.locale.LocaleMiddleware",
    # Page links keep the visitor's /en/ prefix during an English request only (home/routing).
    "home.routing.VisitorLanguageMiddleware",
    # Whole anonymous pages from the shared cache; Cache-Control for CDNs (pasarlokal/core).
    "pasarlokal.core.pagecache.PageCacheMiddleware",
    "marketplace.orders.middleware.CartCountCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's middleware, choosing the admin's looser policy by path.
    "pasarlokal.core.headers.SecurityHeadersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so it sees the final outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before any other backend checks them.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "pasarlokal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_chrome",
            ],
        },
    },
]

WSGI_APPLICATION = "pasarlokal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "pasarlokal"),
            "TIMEOUT": 300,
        }
    }
else:
    # Room for the product cards (marketplace/card_cache.py) next to pages and cached facts.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Database-backed sessions: any app server can serve a shopper's next request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_SAMESITE = "Lax"  # cross-site form posts arrive without the shopper's session

# Whole-page cache for anonymous visitors (pasarlokal/core/pagecache.py). Seconds a page is kept
# in a shared (Redis) cache, and in the per-process local-memory default.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_LOCAL_SECONDS = int(os.environ.get("PAGE_CACHE_LOCAL_SECONDS", "30"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Indonesian first and unprefixed, English under /en/.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Content in two languages (wagtail-localize): Indonesian pages are the source, English pages
# their translations. A product's stock, orders and numbers stay with the Indonesian page.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible media (AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ... read by django-storages).
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A whole request body (all files of one form): refused unread above this; nginx has the same.
MAX_REQUEST_BODY_SIZE = int(os.environ.get("MAX_REQUEST_BODY_SIZE", 12 * 1024 * 1024))

# E-mail: EMAIL_URL (e.g. smtp+tls://user:pass@host:587) or EMAIL_* variables; console by default.
if os.environ.get("EMAIL_URL"):
    vars().update(dj_email_url.parse(os.environ["EMAIL_URL"]))
else:
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Pasar Lokal <noreply@pasarlokal.id>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A failed e-mail is retried after these many seconds (pasarlokal/core/mail.py).
EMAIL_RETRY_DELAYS = (60, 300, 1800, 7200)
# Where editor notices (new applications, flagged orders) go.
EDITOR_NOTICE_EMAILS = env_list("EDITOR_NOTICE_EMAILS", "redaksi@pasarlokal.id")

# Tasks (e-mail, search index and reference updates): run at once unless TASKS_BACKEND names
# another backend; production defaults to the database queue served by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Wagtail
WAGTAIL_SITE_NAME = "Pasar Lokal"
WAGTAILADMIN_USER_LOGIN_FORM = "marketplace.sellerportal.forms.AdminLoginForm"
# No Gravatar: a seller's e-mail hash is not sent to a third party, and the admin shows Wagtail's
# local default avatar (or the one the user uploads) instead of a broken or foreign image.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The public address (e.g. https://pasarlokal.example): seed_demo and `manage.py set_site_url`
# write its host onto the default Wagtail Site, which canonical links and the sitemap use.
SITE_URL = os.environ.get("SITE_URL", "")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SITE_URL or "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "pasarlokal_"),
    }
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # No JIT compilation: it costs 10-15 ms on every catalogue aggregate the planner thinks big,
    # more than it saves on queries that run in milliseconds (override with DATABASE_OPTIONS).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", os.environ.get("DATABASE_OPTIONS", "-c jit=off")
    )
    # PostgreSQL's Indonesian stemmer: "tenunan" finds tenun, "kopinya" finds kopi.
    # Changing it needs `manage.py update_index` (the index stores stemmed words).
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = os.environ.get(
        "SEARCH_CONFIG", "indonesian"
    )
WAGTAILDOCS_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
# Documents always go through Wagtail's serve view, which checks collection privacy (sellers'
# collections are private to the seller and the office); never a direct /media/ link. The web
# server must not serve MEDIA_ROOT/documents/ itself.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"  # ISO: an input format both Indonesian and English accept
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "bold", "italic", "ol", "ul", "link", "hr"]},
    }
}

# CDN / proxy purging when pages are published (wagtail.contrib.frontend_cache), from the
# environment: any of a generic HTTP PURGE target (Varnish, nginx), Cloudflare, CloudFront.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }

# Stripe (online payment). Without a secret key, "Pay online" is hidden.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
STRIPE_TIMEOUT_SECONDS = int(os.environ.get("STRIPE_TIMEOUT_SECONDS", "10"))

# Payment providers the shopper may choose from, in this order; a provider counts only when its
# keys are set. With none, "Pay online" is hidden and WhatsApp ordering remains (docs/payments.md).
PAYMENT_PROVIDERS = os.environ.get("PAYMENT_PROVIDERS", "midtrans,stripe")
# Midtrans (Snap): QRIS, bank virtual accounts, e-wallets.
MIDTRANS_SERVER_KEY = os.environ.get("MIDTRANS_SERVER_KEY", "")
MIDTRANS_CLIENT_KEY = os.environ.get("MIDTRANS_CLIENT_KEY", "")
MIDTRANS_IS_PRODUCTION = os.environ.get("MIDTRANS_IS_PRODUCTION", "") == "1"
MIDTRANS_API_BASE = os.environ.get("MIDTRANS_API_BASE", "")
MIDTRANS_ENABLED_PAYMENTS = os.environ.get(
    "MIDTRANS_ENABLED_PAYMENTS",
    "other_qris,gopay,shopeepay,bca_va,bni_va,bri_va,echannel,permata_va,other_va",
)
MIDTRANS_TIMEOUT_SECONDS = int(os.environ.get("MIDTRANS_TIMEOUT_SECONDS", "10"))

# Login protection: 5 failures per account and IP lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
# A refused attempt during a lock-out does not restart the 15 minutes (else anyone who knows a
# seller's login could keep them out for ever by probing).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "pasarlokal.core.clientip.client_ip"

# Content-Security-Policy. The public site runs no inline script or style; only Wagtail's admin
# (under /admin/) needs them and gets CONTENT_SECURITY_POLICY_ADMIN_REPLACE on top
# (pasarlokal/core/headers.py). Nothing is loaded from another origin except Stripe Checkout
# (a redirect after a form post) and video embeds.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", "https:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "form-action": [
            "'self'",
            "https://checkout.stripe.com",
            "https://app.midtrans.com",
            "https://app.sandbox.midtrans.com",
        ],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
CSP_ADMIN_PATH_PREFIXES = ("/admin/",)
CONTENT_SECURITY_POLICY_ADMIN_REPLACE = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "frame-ancestors": ["'self'"],  # the admin frames its own previews
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
X_FRAME_OPTIONS = "DENY"  # public pages; admin pages SAMEORIGIN (core/headers.py)

# Proxies in front of the app: a number of hops (nginx alone: 1) or comma-separated networks.
# 0 means none: REMOTE_ADDR is the visitor and X-Forwarded-For is ignored. See core/clientip.py.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "0")
TRUSTED_PROXIES = (
    int(TRUSTED_PROXIES[0])
    if len(TRUSTED_PROXIES) == 1 and TRUSTED_PROXIES[0].isdigit()
    else TRUSTED_PROXIES
)

# Public form protection (pledge, enquiry, seller application): submissions per IP per hour.
PUBLIC_FORM_RATE_LIMIT = int(os.environ.get("PUBLIC_FORM_RATE_LIMIT", "5"))
# Unpaid orders one browser session may hold at once (each keeps its stock for the payment window).
MAX_OPEN_ORDERS_PER_SESSION = int(os.environ.get("MAX_OPEN_ORDERS_PER_SESSION", "3"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Wagtail 8 runs index and reference updates as django-tasks; their chatter is not news.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "modelsearch": {"level": "WARNING"},
    },
}

# The service worker's cache name follows the shell files' contents; set this to force every
# phone to drop its offline copies on the next visit (e.g. after a content-only change).
PWA_CACHE_VERSION = os.environ.get("PWA_CACHE_VERSION", "")
