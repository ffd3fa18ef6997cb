"""Editors can grant the impact permission and create the impact page through the admin."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from impact.models import ImpactPage
from tests.factories import HomePageFactory


@pytest.mark.django_db
def test_impact_permission_can_be_given_to_a_group(client, home_page):
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw-123456")
    client.force_login(admin)
    permission = Permission.objects.get(codename="view_impact_dashboard")
    response = client.get(reverse("wagtailusers_groups:add"))
    assert f'value="{permission.pk}"' in response.content.decode()


class ImpactPageAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        from wagtail.models import Page

        cls.home = HomePageFactory(parent=Page.get_first_root_node(), slug="beranda-uji")

    def setUp(self):
        # force_login: django-axes refuses client.login() without a request.
        user = get_user_model().objects.create_superuser("root", "root@example.com", "pw-123456")
        self.client.force_login(user)

    def test_editor_can_create_the_impact_page(self):
        self.assertCanCreateAt(HomePage, ImpactPage)
        self.assertCanNotCreateAt(ImpactPage, ImpactPage)
        self.assertCanCreate(
            self.home,
            ImpactPage,
            {
                "title": "Dampak",
                "slug": "dampak",
                "intro": '{"blocks": [], "entityMap": {}}',
                "closing": '{"blocks": [], "entityMap": {}}',
            },
        )
