"""The store's ads; `ad_cd` is the code a landing link carries (`?ad_cd=...`), resolved by
/clientevent/linkevent."""

from __future__ import annotations

from django.db import models

from shop.codes import new_code


class Adtype(models.Model):
    title = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Adstatus(models.Model):
    title = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "ad statuses"

    def __str__(self) -> str:
        return self.title


class Ad(models.Model):
    campaignid = models.CharField(max_length=100, blank=True)
    adgroupid = models.CharField(max_length=100, blank=True)
    adid = models.CharField(max_length=100, blank=True)
    final_url = models.URLField(max_length=1000, blank=True)
    headline_1 = models.CharField(max_length=30, blank=True)
    headline_2 = models.CharField(max_length=30, blank=True)
    headline_3 = models.CharField(max_length=30, blank=True)
    description_1 = models.CharField(max_length=90, blank=True)
    description_2 = models.CharField(max_length=90, blank=True)
    final_url_suffix = models.CharField(max_length=1000, blank=True)
    ad_type = models.ForeignKey(Adtype, on_delete=models.PROTECT, related_name="ads")
    ad_status = models.ForeignKey(Adstatus, on_delete=models.PROTECT, related_name="ads")
    # Null until "Populate Ad Codes" (or a save without one) gives it a code.
    ad_cd = models.CharField(max_length=50, unique=True, null=True, blank=True, default=new_code)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.headline_1 or f"ad {self.ad_cd}"
