"""Writes of the store's ads."""

from __future__ import annotations

from collections.abc import Iterable

from shop.ads.models import Ad, Adstatus, Adtype
from shop.codes import new_code

AD_TYPES = ["Google AdWords", "Facebook"]
AD_STATUSES = ["Draft", "Ready", "Running", "Stopped"]


def populate_ad_codes(*, ads: Iterable[Ad]) -> int:
    """Give every ad without a code a new one (unique within the Ad table); how many got one."""
    filled = 0
    for ad in ads:
        if ad.ad_cd:
            continue
        code = new_code()
        while Ad.objects.filter(ad_cd=code).exists():  # 62**20: practically never loops
            code = new_code()
        ad.ad_cd = code
        ad.save(update_fields=["ad_cd"])
        filled += 1
    return filled


def seed_ads() -> None:
    for title in AD_TYPES:
        Adtype.objects.get_or_create(title=title)
    for title in AD_STATUSES:
        Adstatus.objects.get_or_create(title=title)
