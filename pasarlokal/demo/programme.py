"""Demo content of the IKM programme, called by `manage.py seed_demo` after the seller portal.

Idempotent: every demo request is keyed by its seller and description, tests by product and
standard, so a second run changes nothing. Builds ~15 facilitation requests across types and
stages, 4 tableware tests (one failed, with values), a few certificates expiring within 60 days,
and a Fasilitator login.
"""

import datetime
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from marketplace.products import Certificate, ProductPage
from marketplace.programme.models import FacilitationRequest, ProductTest, Stage, StageChange
from marketplace.programme.setup import FACILITATORS_GROUP, ensure_programme_groups
from marketplace.programme.workflow import (
    add_message,
    create_request,
    move_request,
    record_test_result,
)
from marketplace.sellers import SellerPage
from marketplace.taxonomy import CertificationType

from .marketplace import SHELF_LIFE

FOOD_LICENCES = {"pirt", "halal", "bpom"}
FOOD_CATEGORIES = set(SHELF_LIFE)  # the demo's food categories are those with a shelf life

DEMO_FACILITATOR = "fasilitator"
DEMO_FACILITATOR_PASSWORD = os.environ.get("DEMO_STAFF_PASSWORD", "pasarlokal-redaksi")

# (key, licence or certification-type slug, final stage, days ago, description, number)
REQUESTS = [
    (
        "pirt-1",
        "pirt",
        Stage.ISSUED,
        40,
        "Pendampingan P-IRT untuk dodol rumput laut.",
        "2055205010123-27",
    ),
    ("pirt-2", "pirt", Stage.SUBMITTED, 21, "P-IRT untuk kopi bubuk kemasan 250 g.", ""),
    ("pirt-3", "pirt", Stage.DOCUMENTS_COMPLETE, 12, "P-IRT madu hutan kemasan botol.", ""),
    (
        "halal-1",
        "halal",
        Stage.ISSUED,
        75,
        "Sertifikasi halal self-declare.",
        "ID52110000998870001",
    ),
    ("halal-2", "halal", Stage.RECEIVED, 3, "Halal untuk keripik dan dodol.", ""),
    ("halal-3", "halal", Stage.REFUSED, 30, "Halal untuk susu kuda liar.", ""),
    ("bpom-1", "bpom", Stage.SUBMITTED, 50, "Izin edar BPOM MD untuk minyak kelapa.", ""),
    ("bpom-2", "bpom", Stage.RECEIVED, 1, "BPOM untuk lulur tradisional.", ""),
    ("sni-1", "sni", Stage.DOCUMENTS_COMPLETE, 18, "SNI untuk garam beryodium.", ""),
    ("nib-1", "nib", Stage.ISSUED, 25, "NIB lewat OSS untuk usaha baru.", "9120001239999"),
    ("nib-2", "nib", Stage.RECEIVED, 5, "Belum punya NIB, mohon dibantu daftar OSS.", ""),
    ("nib-3", "nib", Stage.WITHDRAWN, 35, "NIB ganda, ternyata sudah terdaftar.", ""),
    ("hki-1", "hki", Stage.SUBMITTED, 60, "Pendaftaran merek dagang ke DJKI.", ""),
    ("hki-2", "hki", Stage.RECEIVED, 8, "Merek untuk motif tenun kelompok.", ""),
    ("sni-2", "sni", Stage.RECEIVED, 2, "SNI gerabah untuk wadah makanan.", ""),
]
PATH = [Stage.DOCUMENTS_COMPLETE, Stage.SUBMITTED]


def ensure_facilitator(ctx):
    ensure_programme_groups()
    User = get_user_model()
    user = User.objects.filter(username=DEMO_FACILITATOR).first()
    if user is None:
        user = User.objects.create_user(
            DEMO_FACILITATOR,
            "fasilitator@pasarlokal.id",
            DEMO_FACILITATOR_PASSWORD,
            first_name="Baiq",
            last_name="Fasilitator",
        )
    user.groups.add(Group.objects.get(name=FACILITATORS_GROUP))
    ctx.credentials.append(
        ("Fasilitator (IKM programme)", user.username, DEMO_FACILITATOR_PASSWORD)
    )
    return user


def seed_requests(sellers, staff):
    types = {t.slug: t for t in CertificationType.objects.in_default_locale()}
    # Food licences (P-IRT, halal, BPOM) go to food products, so their badges land on food.
    food = list(
        ProductPage.objects.filter(category__slug__in=FOOD_CATEGORIES)
        .select_related("seller")
        .order_by("pk")
    )
    created = 0
    today = timezone.localdate()
    for index, (_key, kind, final, days_ago, description, number) in enumerate(REQUESTS):
        if kind in FOOD_LICENCES and food:
            product = food[index % len(food)]
            seller, products = product.seller, [product]
        else:
            seller = sellers[index % len(sellers)]
            products = list(ProductPage.objects.filter(seller=seller).order_by("pk")[:1])
        if FacilitationRequest.objects.filter(seller=seller, description=description).exists():
            continue
        certification_type = types.get(kind)
        if kind not in ("nib", "hki") and certification_type is None:
            continue
        request = create_request(
            seller,
            None,
            licence="certificate" if certification_type else kind,
            certification_type=certification_type,
            products=products if certification_type else [],
            description=description,
            assignee=staff if final != Stage.RECEIVED else None,
            due_date=today + datetime.timedelta(days=30 - days_ago),
        )
        when = timezone.now() - datetime.timedelta(days=days_ago)
        FacilitationRequest.objects.filter(pk=request.pk).update(created_at=when)
        StageChange.objects.filter(request=request).update(changed_at=when)
        if final in (Stage.DOCUMENTS_COMPLETE, Stage.SUBMITTED, Stage.ISSUED, Stage.REFUSED):
            for stage in PATH[: (PATH.index(final) + 1) if final in PATH else len(PATH)]:
                move_request(request, stage, staff)
        if final == Stage.ISSUED:
            move_request(
                request,
                Stage.ISSUED,
                staff,
                number=number,
                valid_until=today + datetime.timedelta(days=4 * 365)
                if certification_type
                else None,
            )
        elif final == Stage.REFUSED:
            move_request(
                request,
                Stage.REFUSED,
                staff,
                "Bahan baku belum memenuhi syarat; ulangi setelah perbaikan dapur.",
            )
        elif final == Stage.WITHDRAWN:
            move_request(request, Stage.WITHDRAWN, staff, "Dibatalkan atas permintaan penjual.")
        if final in (Stage.DOCUMENTS_COMPLETE, Stage.RECEIVED):
            FacilitationRequest.objects.filter(pk=request.pk).update(
                needs_from_seller="Foto KTP pemilik dan foto tempat produksi."
            )
            add_message(request, staff, "Terima kasih, mohon lengkapi foto tempat produksi.")
        # Spread the moves over the request's life, so "days in stage" reads true.
        changes = list(StageChange.objects.filter(request=request).order_by("pk"))
        for step, change in enumerate(changes):
            moment = when + datetime.timedelta(days=days_ago * step / max(len(changes), 1))
            StageChange.objects.filter(pk=change.pk).update(changed_at=moment)
        FacilitationRequest.objects.filter(pk=request.pk).update(
            stage_changed_at=when
            + datetime.timedelta(days=days_ago * (len(changes) - 1) / max(len(changes), 1))
        )
        created += 1
    return created


TESTS = [
    ("Set Piring", "passed", "Pb 0,08 mg/L (batas 0,5); Cd 0,005 mg/L (batas 0,05)", 20),
    ("Cangkir Kopi", "passed", "Pb 0,11 mg/L (batas 0,5); Cd 0,01 mg/L (batas 0,05)", 35),
    (
        "Kendi",
        "failed",
        "Pb 1,9 mg/L (batas 0,5); Cd 0,07 mg/L (batas 0,05) – glasir bertimbal",
        10,
    ),
    ("Gentong", "sample_received", "", None),
]


def seed_tests(staff):
    created = 0
    today = timezone.localdate()
    for fragment, status, values, days_ago in TESTS:
        product = (
            ProductPage.objects.filter(title__icontains=fragment).select_related("seller").first()
        )
        if (
            product is None
            or ProductTest.objects.filter(product=product, standard="food_contact").exists()
        ):
            continue
        test = ProductTest.objects.create(
            seller=product.seller,
            product=product,
            standard="food_contact",
            sample_handover_date=today - datetime.timedelta(days=(days_ago or 0) + 14),
            sample_handover_place="Laboratorium Dinas Perindustrian, Mataram",
            status=status,
            lab="Balai Besar Keramik Bandung" if days_ago else "",
            tested_on=today - datetime.timedelta(days=days_ago) if days_ago else None,
            result_values=values,
        )
        record_test_result(test, staff)
        created += 1
    return created


def seed_expiring_certificates():
    """Move a few verified certificates to expire within 60 days (reminders and the panel)."""
    today = timezone.localdate()
    expiring = Certificate.objects.filter(
        valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=60)
    )
    if expiring.count() >= 3:
        return 0
    moved = 0
    for days, certificate in zip(
        (5, 25, 55),
        Certificate.objects.filter(valid_until__gt=today + datetime.timedelta(days=60)).order_by(
            "pk"
        ),
        strict=False,
    ):
        Certificate.objects.filter(pk=certificate.pk).update(
            valid_until=today + datetime.timedelta(days=days)
        )
        moved += 1
    return moved


def seed(ctx):
    sellers = list(SellerPage.objects.live().order_by("pk"))
    if not sellers:
        ctx.log("  programme: no sellers yet, no demo requests")
        return
    staff = ensure_facilitator(ctx)
    requests = seed_requests(sellers, staff)
    tests = seed_tests(staff)
    moved = seed_expiring_certificates()
    ctx.log(
        f"  programme: {requests} facilitation requests, {tests} product tests, "
        f"{moved} certificates now expiring within 60 days"
    )
