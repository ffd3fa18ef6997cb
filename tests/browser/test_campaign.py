"""An editor writes a story with a product showcase, a moderator approves it, shoppers see it."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.users.models import UserProfile

from campaign.editorial import ensure_editorial_setup
from campaign.models import StoryPage
from tests.campaign.factories import CampaignIndexPageFactory
from tests.factories import (
    CatalogueIndexPageFactory,
    ProductImageFactory,
    ProductPageFactory,
    SellerIndexPageFactory,
    SellerPageFactory,
)

PASSWORD = "kata-sandi-uji-123"
TITLE = "Motor listrik buatan siswa SMKN 1 Lingsar"


def make_user(username, group):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # stable admin labels for the selectors below
    profile.save()
    return user


def log_in(page, base_url, username):
    # The Wagtail admin is Wagtail's markup, so it is driven but not axe-checked (.page.goto).
    page.page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/admin/")


def log_out(page, base_url):
    page.page.context.clear_cookies()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_story_goes_through_editorial_review_to_the_site(
    browser_page, live_server, home_page, settings
):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # no background autosaves racing the submit on SQLite
    campaign = CampaignIndexPageFactory(parent=home_page)
    CatalogueIndexPageFactory(parent=home_page)
    seller = SellerPageFactory(parent=SellerIndexPageFactory(parent=home_page))
    product = ProductPageFactory(
        parent=seller, title="Motor listrik Lingsar EV-1", stock__price=18500000
    )
    ProductImageFactory(product=product)
    ensure_editorial_setup()
    call_command("update_index", verbosity=0)  # the page chooser searches the index
    make_user("redaksi", "Editors")
    make_user("moderator", "Moderators")
    base = live_server.url
    page = browser_page

    # The editor writes the story and submits it for review (at a desktop, as editors do).
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "redaksi")
    page.page.goto(f"{base}/admin/pages/add/campaign/storypage/{campaign.pk}/")
    page.fill("#id_title", TITLE)
    page.locator("#id_title").press("Tab")  # the slug follows the title on blur
    page.fill("#id_intro", "Siswa SMK merakit motor listrik sendiri.")
    page.click("button.c-sf-add-button")
    page.get_by_role("option", name="Product showcase").click()
    page.locator("[data-streamfield-stream-container] button.chooser__choose-button").click()
    modal = page.locator(".modal-content")
    modal.locator("#id_q").fill("Motor listrik")
    modal.get_by_role("link", name=product.title).click()
    page.locator(".modal-content").wait_for(state="detached")
    page.locator("footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name="Submit to Editorial review").click()
    page.wait_for_url(f"{base}/admin/pages/{campaign.pk}/")
    story = StoryPage.objects.get(title=TITLE)
    assert not story.live
    assert story.current_workflow_state.status == "in_progress"
    assert [b.block_type for b in story.get_latest_revision_as_object().body] == [
        "product_showcase"
    ]

    # Not on the site yet.
    page.goto("/kampanye/")
    assert TITLE not in page.content()

    # The moderator approves, which publishes it.
    log_out(page, base)
    log_in(page, base, "moderator")
    page.page.goto(f"{base}/admin/pages/{story.pk}/edit/")
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator(
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    ).click()
    page.wait_for_url(f"{base}/admin/**")
    story.refresh_from_db()
    assert story.live

    # Shoppers see it on the campaign index and the home page, with the product showcased.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/kampanye/")
    assert TITLE in page.locator("main").inner_text()
    page.goto("/")
    assert TITLE in page.locator("main").inner_text()
    page.get_by_role("link", name=TITLE).first.click()
    page.wait_for_url(f"{base}{story.url}")
    page.check_accessibility()
    showcase = page.locator(".block-showcase")
    assert product.title in showcase.inner_text()
    assert "Rp18.500.000" in showcase.inner_text()
