"""“Saya Bangga Pakai Produk Lokal”: the public pledge and its live counter.

Pledge is a contract used by the impact dashboard; extend, don't rename.
"""

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

# Pages showing the counter are shared for a minute at most: a pledge does not purge caches.
PLEDGE_COUNTER_MAX_AGE = 60


class Pledge(models.Model):
    """One person's pledge, counted publicly."""

    name = models.CharField(_("name"), max_length=120)
    region = models.ForeignKey(
        "marketplace.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    email = models.EmailField(_("e-mail"), null=True, blank=True, unique=True)
    agreed_to_be_counted = models.BooleanField(_("agreed to be counted"), default=True)
    created_at = models.DateTimeField(_("pledged"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")

    def __str__(self):
        return self.name


def regions_with_pledge_counts():
    """Every region with its number of counted pledges, in one query (the form's choices too)."""
    from marketplace.taxonomy import Region

    return list(
        Region.objects.annotate(
            pledge_count=Count("pledges", filter=Q(pledges__agreed_to_be_counted=True))
        ).order_by("code")
    )


def pledge_context(request):
    """What a page needs to show the pledge counter and form (a submitted form keeps its input)."""
    from .caching import pledge_counts
    from .forms import PledgeForm

    regions = pledge_counts(regions_with_pledge_counts)
    form = getattr(request, "pledge_form", None)
    counted = sorted(
        (region for region in regions if region.pledge_count),
        key=lambda region: (-region.pledge_count, region.name),
    )
    return {
        "pledge_form": form if form is not None else PledgeForm(regions=regions),
        "pledge_total": sum(region.pledge_count for region in regions),
        "pledge_regions": counted,
        "pledge_regions_max": counted[0].pledge_count if counted else 0,
    }
