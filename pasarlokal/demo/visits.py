"""Demo field visits (roadshows) to the demo IKM centres, called by `manage.py seed_demo`.

Idempotent: one visit per centre and date. Three visits, two public, with follow-ups (one already
turned into a facilitation request)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from campaign.centres import CentrePage
from campaign.visits import FieldVisit, FollowUpAction, follow_up_to_request
from marketplace.taxonomy import CertificationType

VISITS = [
    (
        "Sentra Gerabah Banyumulek",
        12,
        True,
        "Pendampingan glasir bebas timbal untuk gerabah wadah makan.",
        "Dua belas perajin hadir. Sebagian masih memakai glasir bertimbal untuk piring; "
        "sampel kendi dibawa untuk uji migrasi timbal/kadmium.",
        [
            ("Uji ulang kendi dengan glasir baru", True, None),
            ("Bantu SNI wadah makan", False, "sni"),
        ],
    ),
    (
        "Sentra Tenun Sukarara",
        30,
        True,
        "Sosialisasi pendaftaran merek motif tenun dan NIB.",
        "Kelompok penenun ingin mendaftarkan merek bersama; empat penenun belum punya NIB.",
        [("Daftarkan NIB empat penenun", False, "nib")],
    ),
    (
        "Sentra Garam Tarano",
        45,
        False,
        "",
        "Produksi garam beryodium naik; kemasan belum berlabel SNI.",
        [("Pendampingan SNI garam beryodium", False, "sni")],
    ),
]


def seed(ctx):
    officer = get_user_model().objects.filter(username="fasilitator").first()
    today = timezone.localdate()
    types = {t.slug: t for t in CertificationType.objects.in_default_locale()}
    made = 0
    for title, days_ago, public, summary, findings, follow_ups in VISITS:
        centre = CentrePage.objects.filter(title=title).first()
        if centre is None:
            continue
        visited_on = today - datetime.timedelta(days=days_ago)
        if FieldVisit.objects.filter(centre=centre, visited_on=visited_on).exists():
            continue
        visit = FieldVisit.objects.create(
            centre=centre,
            visited_on=visited_on,
            findings=findings,
            is_public=public,
            public_summary=summary,
        )
        sellers = list(centre.related_sellers.all()[:3])
        visit.sellers_met.set(sellers)
        if officer:
            visit.officers.set([officer])
        for index, (action, done, kind) in enumerate(follow_ups):
            follow_up = FollowUpAction.objects.create(
                visit=visit,
                action=action,
                owner=officer,
                due_date=visited_on + datetime.timedelta(days=30),
                done=done,
                seller=sellers[0] if sellers else None,
                licence=("certificate" if kind in types else kind) if kind else "",
                certification_type=types.get(kind) if kind else None,
                sort_order=index,
            )
            if kind == "nib" and follow_up.seller_id:
                follow_up_to_request(follow_up, officer)
        made += 1
    ctx.log(f"  field visits: {made} visits to demo centres")
