"""Editors and Moderators, the "Editorial review" workflow, scheduled publishing and the demo."""

import datetime

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import GroupApprovalTask, Workflow

from campaign.editorial import WORKFLOW_NAME, ensure_editorial_setup
from campaign.models import Author, CentrePage, EventPage, Pledge, StoryPage
from tests.campaign.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


def test_editorial_setup_is_idempotent_and_covers_the_campaign_sections(campaign):
    first = ensure_editorial_setup()
    second = ensure_editorial_setup()
    assert first == second and first.name == WORKFLOW_NAME and first.active
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    [task] = first.tasks.specific()
    assert isinstance(task, GroupApprovalTask)
    assert [g.name for g in task.groups.all()] == ["Moderators"]
    for section in (campaign.stories, campaign.events, campaign.centres):
        assert section.get_workflow() == first
    story = StoryPageFactory(parent=campaign.stories)
    assert story.get_workflow() == first  # children inherit their section's workflow


def test_groups_get_sensible_permissions(campaign):
    ensure_editorial_setup()
    User = get_user_model()
    editor = User.objects.create_user("redaksi", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    moderator = User.objects.create_user("moderator", password="x")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    for user in (editor, moderator):
        assert user.has_perm("wagtailadmin.access_admin")
        assert user.has_perm("campaign.view_pledge")
        assert user.has_perm("campaign.change_author")
    assert not editor.has_perm("campaign.delete_pledge")
    assert moderator.has_perm("campaign.delete_pledge")
    story_perms = lambda user: campaign.stories.permissions_for_user(user)  # noqa: E731
    assert story_perms(editor).can_add_subpage() and not story_perms(editor).can_publish()
    assert story_perms(moderator).can_publish()


def test_scheduled_story_goes_live_with_publish_scheduled(client, campaign):
    story = StoryPageFactory(parent=campaign.stories, title="Terbit nanti", live=False)
    go_live = timezone.now() + datetime.timedelta(hours=1)
    story.go_live_at = go_live
    story.save_revision().publish()  # with a future go-live date, publishing schedules it
    story.refresh_from_db()
    assert not story.live
    call_command("publish_scheduled")
    assert "Terbit nanti" not in client.get("/kampanye/").content.decode()
    import time_machine

    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    story.refresh_from_db()
    assert story.live
    assert "Terbit nanti" in client.get("/kampanye/").content.decode()


def test_demo_content_is_complete_and_idempotent(home_page):
    from pasarlokal.demo.management.commands.seed_demo import SeedContext

    class Command:
        stdout = type("Out", (), {"write": lambda self, msg: None})()
        style = None

    def run():
        ctx = SeedContext(Command(), {"verbosity": 0})
        ctx.home, ctx.site = home_page, None
        from pasarlokal.demo import campaign as demo

        demo.seed(ctx)
        return ctx

    run()
    counts = (
        StoryPage.objects.live().count(),
        EventPage.objects.live().count(),
        CentrePage.objects.live().count(),
        Author.objects.count(),
        Pledge.objects.count(),
    )
    assert counts[0] >= 8 and counts[1] == 4 and counts[2] == 5 and counts[4] >= 45
    assert StoryPage.objects.filter(author__isnull=True).count() == 0
    assert EventPage.objects.filter(end__gte=timezone.now()).count() == 2
    assert Pledge.objects.values("region").distinct().count() >= 8
    titles = " ".join(StoryPage.objects.values_list("title", flat=True)).lower()
    for words in ("motor listrik", "gerabah", "roadshow", "busana muslim"):
        assert words in titles, words
    home_page.refresh_from_db()
    assert home_page.featured_story is not None
    run()
    assert counts == (
        StoryPage.objects.live().count(),
        EventPage.objects.live().count(),
        CentrePage.objects.live().count(),
        Author.objects.count(),
        Pledge.objects.count(),
    )
