"""The accounts reference rows every store starts with: the Members group and the first
version of the terms of use."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group

from shop.accounts.models import Termsofuse

MEMBERS_GROUP = "Members"
FIRST_TERMS_NOTE = (
    "<p>We updated our terms: the Privacy Policy and the Terms of Sale now say more clearly "
    "what we keep about you and how orders work.</p>"
)


def seed_accounts() -> None:
    Group.objects.get_or_create(name=MEMBERS_GROUP)
    if not Termsofuse.objects.exists():
        Termsofuse.objects.create(
            version=1,
            version_note=FIRST_TERMS_NOTE,
            publication_date_time=dt.datetime(2019, 4, 20, tzinfo=dt.UTC),
        )
