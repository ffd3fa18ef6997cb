from django.core.management.base import BaseCommand

from campaign.editorial import WORKFLOW_NAME, ensure_editorial_setup


class Command(BaseCommand):
    help = (
        "Give the Editors and Moderators groups their permissions and put the campaign, event "
        "and centre sections under the 'Editorial review' workflow. Safe to run again."
    )

    def handle(self, *args, **options):
        workflow = ensure_editorial_setup()
        pages = ", ".join(str(wp.page) for wp in workflow.workflow_pages.select_related("page"))
        self.stdout.write(self.style.SUCCESS(f"{WORKFLOW_NAME}: {pages or 'no sections yet'}"))
