"""The admin is Pasar Lokal's: its name and logo on the login page, the dashboard and every title."""

import re

import pytest

from django.contrib.staticfiles import finders
from django.urls import reverse

from .admin_text import visible_texts

LOGO = "/static/img/logo.svg"
FAVICON = "/static/img/favicon.svg"


def title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def csp_sources(response, directive):
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        if name == directive:
            return sources
    return []


@pytest.mark.django_db
def test_login_page_is_pasar_lokal(client, home_page):
    response = client.get(reverse("wagtailadmin_login"))
    html = response.content.decode()
    assert title(html) == "Masuk - Pasar Lokal"
    assert "Masuk ke Pasar Lokal" in visible_texts(html)
    assert "Wagtail" not in " ".join(visible_texts(html))
    assert f'<img src="{LOGO}" alt="Pasar Lokal"' in html
    assert f'href="{FAVICON}"' in html and "wagtailadmin/images/favicon.ico" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["seller", "editor"])
def test_dashboard_is_pasar_lokal(client, seller_a, editor, who):
    client.force_login(seller_a["user"] if who == "seller" else editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert title(html).endswith(" - Pasar Lokal") and "Wagtail" not in title(html)
    logo = re.search(
        r"<template data-wagtail-sidebar-branding-logo>(.*?)</template>", html, re.S
    ).group(1)
    assert f'src="{LOGO}"' in logo and 'alt="Pasar Lokal"' in logo
    assert f'href="{FAVICON}"' in html
    assert "Selamat datang di Pasar Lokal" in visible_texts(html)
    assert "gravatar.com" not in html and "default-user-avatar" in html


@pytest.mark.django_db
def test_seller_orders_title_ends_with_pasar_lokal(client, seller_a):
    client.force_login(seller_a["user"])
    html = client.get(reverse("seller_orders:index")).content.decode()
    assert title(html).endswith(" - Pasar Lokal")


@pytest.mark.django_db
def test_admin_404_shows_the_pasar_lokal_logo(client, editor):
    client.force_login(editor)
    response = client.get("/admin/tidak-ada/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'src="{LOGO}"' in html and title(html).endswith(" - Pasar Lokal")


@pytest.mark.django_db
def test_logo_and_favicon_are_served_and_allowed_by_the_admin_policy(client, home_page):
    response = client.get(reverse("wagtailadmin_login"))
    assert "'self'" in csp_sources(response, "img-src")
    assert finders.find("img/logo.svg") and finders.find("img/favicon.svg")


@pytest.mark.django_db
def test_order_references_do_not_break_over_lines(client, seller_a):
    from marketplace.orders.models import Order
    from tests.orders.factories import order_for

    order = order_for(seller_a["product"], 1, status=Order.Status.PAID)
    client.force_login(seller_a["user"])
    html = client.get(reverse("seller_orders:index")).content.decode()
    cell = re.search(r'<td class="([^"]*)">\s*<div class="title-wrapper">', html)
    assert "w-whitespace-nowrap" in cell.group(1) and order.reference in html
