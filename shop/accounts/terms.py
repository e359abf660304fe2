"""Terms of use: the latest version, and who agreed to which. Agreement is recorded against
the version's row (its primary key), never by comparing a version number with an id
(defect 2)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from shop.accounts.errors import TermsError
from shop.accounts.models import Member, Membertermsofuseversionagreed, Termsofuse
from tenants.context import current_alias


def get_latest_terms() -> Termsofuse | None:
    return Termsofuse.objects.order_by("-version").first()


def has_agreed_to_latest_terms(*, member: Member) -> tuple[bool, Termsofuse | None]:
    """(agreed, latest terms). A store without terms counts as agreed."""
    latest = get_latest_terms()
    if latest is None:
        return True, None
    agreed = Membertermsofuseversionagreed.objects.filter(
        member=member, termsofuseversion=latest
    ).exists()
    return agreed, latest


def get_latest_agreement(*, member: Member) -> Membertermsofuseversionagreed | None:
    return Membertermsofuseversionagreed.objects.filter(member=member).first()


def agree_to_latest_terms(*, member: Member) -> Termsofuse | None:
    latest = get_latest_terms()
    if latest is not None:
        Membertermsofuseversionagreed.objects.get_or_create(member=member, termsofuseversion=latest)
    return latest


def agree_to_terms(*, member: Member, version: str | None) -> Termsofuse:
    """Agree to `version`, which must be the latest one (TermsError otherwise)."""
    if not version:
        raise TermsError("A version is required.", code="version-required")
    number = int(version) if version.isascii() and version.isdigit() and len(version) < 10 else None
    terms = Termsofuse.objects.filter(version=number).first() if number is not None else None
    if terms is None:
        raise TermsError(f"No terms of use version {version[:20]!r}.", code="version-not-found")
    if terms != get_latest_terms():
        raise TermsError(
            "That version is not the latest one.", code="version-provided-not-most-recent"
        )
    try:
        with transaction.atomic(using=current_alias()):
            Membertermsofuseversionagreed.objects.create(member=member, termsofuseversion=terms)
    except IntegrityError:
        raise TermsError(
            "You already agreed to this version.", code="version-already-agreed"
        ) from None
    return terms
