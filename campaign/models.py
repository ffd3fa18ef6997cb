"""The buy-local campaign. Pledge is a contract used by the impact dashboard; extend, don't rename."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Pledge(models.Model):
    """“Saya Bangga Pakai Produk Lokal”: one person's pledge, counted publicly."""

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
