"""The office's own work in numbers: facilitation requests, certificates, product tests, visits.

Every figure is one aggregate query (grouped rows come back, Python adds up a handful), so the
report costs the same number of queries for 10 requests or 10,000. Sector and region are the
seller's (for visits: the centre's region; visits have no sector).
- requests: created in the period, by licence/certificate type × stage (now) × sector × region;
- median days to issue: over requests moved to "issued" in the period (request → that move);
- certificates issued through the office: verified certificates created by an issued request
  or a passed food-contact test, verified in the period;
- tests: results recorded (tested) in the period, passed and failed;
- visits in the period, and their follow-up actions done / all.
"""

import statistics

from django.db.models import Count, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from campaign.visits import FieldVisit, FollowUpAction
from marketplace.products import Certificate
from marketplace.programme.models import (
    FacilitationRequest,
    Licence,
    ProductTest,
    Stage,
    StageChange,
    TestStatus,
)
from marketplace.programme.workflow import FOOD_SAFE_SLUG


class ProgrammeReport:
    def __init__(self, period, sector_id=None, region_id=None, sectors=(), regions=()):
        self.period = period
        self.sector_id = sector_id
        self.region_id = region_id
        self.sector_names = {s.id: s.name for s in sectors}
        self.region_names = {r.id: r.name for r in regions}

    def _by_seller(self, queryset, prefix="seller__"):
        if self.sector_id is not None:
            queryset = queryset.filter(**{f"{prefix}sector_id": self.sector_id})
        if self.region_id is not None:
            queryset = queryset.filter(**{f"{prefix}region_id": self.region_id})
        return queryset

    @cached_property
    def request_rows(self):
        grouped = (
            self._by_seller(
                FacilitationRequest.objects.filter(**self.period.range_filter("created_at"))
            )
            .order_by()
            .values(
                "licence",
                "certification_type__short_label",
                "stage",
                "seller__sector_id",
                "seller__region_id",
            )
            .annotate(n=Count("pk"))
        )
        licences, stages = dict(Licence.choices), dict(Stage.choices)
        rows = []
        for row in grouped:
            kind = (
                row["certification_type__short_label"]
                if row["licence"] == Licence.CERTIFICATE and row["certification_type__short_label"]
                else str(licences.get(row["licence"], row["licence"]))
            )
            rows.append(
                {
                    "type": kind,
                    "stage": str(stages.get(row["stage"], row["stage"])),
                    "stage_key": row["stage"],
                    "sector": self.sector_names.get(row["seller__sector_id"], "—"),
                    "region": self.region_names.get(row["seller__region_id"], "—"),
                    "requests": row["n"],
                }
            )
        order = {stage: index for index, stage in enumerate(Stage.values)}
        rows.sort(key=lambda r: (r["type"], order.get(r["stage_key"], 9), r["sector"], r["region"]))
        return rows

    @cached_property
    def requests_total(self):
        return sum(row["requests"] for row in self.request_rows)

    @cached_property
    def issue_days(self):
        changes = self._by_seller(
            StageChange.objects.filter(
                to_stage=Stage.ISSUED,
                request__stage=Stage.ISSUED,
                **self.period.range_filter("changed_at"),
            ),
            prefix="request__seller__",
        ).values_list("changed_at", "request__created_at")
        return [max((issued - created).days, 0) for issued, created in changes]

    @cached_property
    def median_days_to_issue(self):
        days = self.issue_days
        if not days:
            return None
        median = statistics.median(days)
        # Whole days stay whole (7, not 7.0); a median between two days keeps its half.
        return int(median) if median == int(median) else round(median, 1)

    @cached_property
    def certificates(self):
        counts = self._by_seller(
            Certificate.objects.filter(verified=True, **self.period.range_filter("verified_at")),
            prefix="product__seller__",
        ).aggregate(
            facilitated=Count("pk", filter=Q(facilitations__isnull=False), distinct=True),
            food_safe=Count("pk", filter=Q(certification_type__slug=FOOD_SAFE_SLUG), distinct=True),
        )
        return counts

    @cached_property
    def tests(self):
        return self._by_seller(
            ProductTest.objects.filter(
                tested_on__gte=self.period.first_day, tested_on__lte=self.period.last_day
            )
        ).aggregate(
            passed=Count("pk", filter=Q(status=TestStatus.PASSED)),
            failed=Count("pk", filter=Q(status=TestStatus.FAILED)),
        )

    @cached_property
    def visits(self):
        visits = FieldVisit.objects.filter(
            visited_on__gte=self.period.first_day, visited_on__lte=self.period.last_day
        )
        if self.region_id is not None:
            visits = visits.filter(centre__region_id=self.region_id)
        follow_ups = FollowUpAction.objects.filter(visit__in=visits).aggregate(
            done=Count("pk", filter=Q(done=True)), total=Count("pk")
        )
        return {"visits": visits.count(), **follow_ups}

    @cached_property
    def summary(self):
        return [
            ("requests", _("Facilitation requests received"), self.requests_total),
            ("median_days", _("Median days from request to issue"), self.median_days_to_issue),
            (
                "certificates",
                _("Certificates issued through the office"),
                self.certificates["facilitated"] + self.certificates["food_safe"],
            ),
            ("tests_passed", _("Product tests passed"), self.tests["passed"]),
            ("tests_failed", _("Product tests failed"), self.tests["failed"]),
            ("visits", _("Field visits"), self.visits["visits"]),
            ("follow_ups_done", _("Follow-up actions done"), self.visits["done"]),
            ("follow_ups", _("Follow-up actions"), self.visits["total"]),
        ]

    def export_rows(self):
        """The breakdown, then the summary lines (measure in the first column, value last)."""
        rows = list(self.request_rows)
        for _key, label, value in self.summary:
            rows.append(
                {
                    "type": str(label),
                    "stage": "",
                    "sector": "",
                    "region": "",
                    "requests": value if value is not None else "",
                    "is_total": True,
                }
            )
        return rows


def programme_public_numbers(year_start, year_end):
    """This year's “certificates facilitated” and “products that passed a use-standard test”."""
    facilitated = (
        Certificate.objects.filter(
            verified=True, verified_at__gte=year_start, verified_at__lt=year_end
        )
        .filter(Q(facilitations__isnull=False) | Q(certification_type__slug=FOOD_SAFE_SLUG))
        .values("pk")
        .distinct()
        .count()
    )
    passed_products = (
        ProductTest.objects.filter(
            status=TestStatus.PASSED,
            tested_on__gte=year_start.date(),
            tested_on__lt=year_end.date(),
        )
        .values("product_id")
        .distinct()
        .count()
    )
    return {"certificates_facilitated": facilitated, "products_passed_tests": passed_products}
