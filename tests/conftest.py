import os
import shutil

import pytest

from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import translation

from wagtail.models import Collection, Locale, Page, Site

from tests.factories import HomePageFactory

# Playwright's sync API keeps an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous, so Django's async guard must stand aside in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SERIOUS = {"serious", "critical"}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _default_language():
    """An /en/ request leaves English active in its thread, and `page.url` would follow it."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits, navigation and counters live in the cache; every test starts afresh."""
    cache.clear()
    yield
    cache.clear()


def ensure_wagtail_base():
    """The rows Wagtail's migrations create, which a transactional test's flush removes (the
    flush also renumbers content types, so their cache is dropped)."""
    ContentType.objects.clear_cache()

    Locale.objects.get_or_create(language_code="id")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return root


@pytest.fixture
def page_cache_off(settings):
    """Query-count tests measure a render; the shared page cache would answer with no query."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def home_page(db):
    """root → HomePage → Site(hostname="testserver"), the tree every page test builds on."""
    root = ensure_wagtail_base()
    Site.objects.all().delete()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root, slug="beranda")
    Site.objects.create(
        hostname="testserver",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name="Pasar Lokal",
    )
    return home


# --- Browser tests -----------------------------------------------------------------------


@pytest.fixture
def live_site(home_page, live_server):
    """The default Site answers on the live server's host and port, so page URLs match it."""
    site = home_page.get_site()
    host, port = live_server.url.split("//")[1].split(":")
    site.hostname, site.port = host, int(port)
    site.save()
    return site


@pytest.fixture(scope="session")
def chromium():
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium")
    if not executable:
        pytest.fail("chromium is not installed: apt-get install -y chromium (make test does this)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class AccessiblePage:
    """A Playwright page whose every navigation is checked with axe-core."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.checked = []

    def __getattr__(self, name):
        return getattr(self.page, name)

    def goto(self, path, **kwargs):
        url = path if path.startswith("http") else self.base_url + path
        response = self.page.goto(url, **kwargs)
        self.check_accessibility()
        return response

    def check_accessibility(self):
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        violations = [
            v for v in results.response.get("violations", []) if v.get("impact") in SERIOUS
        ]
        self.checked.append(self.page.url)
        if violations:
            lines = [
                f"{v['impact']}: {v['id']} – {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
                for v in violations
            ]
            pytest.fail(f"axe found serious problems on {self.page.url}:\n" + "\n".join(lines))


@pytest.fixture
def browser_page(chromium, live_server):
    """A fresh phone-sized browser tab on the live server; use .goto(path) to visit and axe-check."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield AccessiblePage(page, live_server.url)
    context.close()


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run only when DATABASE_URL points at PostgreSQL (CI's second pass)."""
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL (CI's PostgreSQL pass does)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
