"""The store's own customers: a Member is a signed-up shopper (one per auth User), a Prospect
is an email address the store knows without an account (chat, notify-me, a guest order).

Differences from the reference, on purpose: no legacy Stripe customer or default address
fields; a prospect is NOT subscribed unless it opted in (`email_unsubscribed` defaults to
True, defect 10); codes come from `secrets` (shop.codes, defect 19).

Verification and reset codes are never stored in clear: `*_string_signed` holds the SHA-256
of the code that was mailed (shop.accounts.tokens), `*_requested_date_time` when it was
issued; the code itself carries its own signed timestamp. The unsubscribe token is the
reference's: a random string plus the signature that is the URL token.

Email addresses are unique per store among users, case-insensitively (defect 13): a partial
unique index on auth_user (migration 0002) backs the checks of the account services.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from shop.codes import new_member_code, new_prospect_code


class Member(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member"
    )
    newsletter_subscriber = models.BooleanField(default=False)
    email_verified = models.BooleanField(default=False)
    email_verification_string = models.CharField(max_length=50, blank=True)
    email_verification_string_signed = models.CharField(max_length=200, blank=True)
    email_unsubscribed = models.BooleanField(default=False)
    # Only the signature part of the signed unsubscribe string is the URL token (reference §4).
    email_unsubscribe_string = models.CharField(max_length=50, unique=True, null=True, blank=True)
    email_unsubscribe_string_signed = models.CharField(
        max_length=200, unique=True, null=True, blank=True
    )
    email_verification_requested_date_time = models.DateTimeField(null=True, blank=True)
    reset_password_string = models.CharField(max_length=50, blank=True)
    reset_password_string_signed = models.CharField(max_length=200, blank=True)
    reset_password_requested_date_time = models.DateTimeField(null=True, blank=True)
    mb_cd = models.CharField(max_length=50, unique=True, default=new_member_code)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"member {self.user.get_username()}"


class Prospect(models.Model):
    first_name = models.CharField(max_length=30, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=30, blank=True)
    # Not on the marketing list until the person opts in (defect 10).
    email_unsubscribed = models.BooleanField(default=True)
    email_unsubscribe_string = models.CharField(max_length=50, unique=True, null=True, blank=True)
    email_unsubscribe_string_signed = models.CharField(
        max_length=200, unique=True, null=True, blank=True
    )
    prospect_comment = models.CharField(max_length=5000, blank=True)
    swa_comment = models.CharField(max_length=5000, blank=True)
    pr_cd = models.CharField(max_length=50, unique=True, default=new_prospect_code)
    created_date_time = models.DateTimeField(default=timezone.now)
    converted_date_time = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            # One prospect per address, whatever its case: look it up with email__iexact.
            models.UniqueConstraint(Lower("email"), name="prospect_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return f"prospect {self.email}"


class Emailunsubscribereasons(models.Model):
    """Why someone unsubscribed (any reason they ticked, and their own words)."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, null=True, blank=True, related_name="unsubscribe_reasons"
    )
    prospect = models.ForeignKey(
        Prospect,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="unsubscribe_reasons",
    )
    no_longer_want_to_receive = models.BooleanField(default=False)
    never_signed_up = models.BooleanField(default=False)
    inappropriate = models.BooleanField(default=False)
    spam = models.BooleanField(default=False)
    other = models.CharField(max_length=5000, blank=True)
    created_date_time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_date_time", "-id"]
        verbose_name_plural = "email unsubscribe reasons"

    def __str__(self) -> str:
        return f"unsubscribe reasons of {self.member or self.prospect}"


class Termsofuse(models.Model):
    version = models.PositiveIntegerField(unique=True)
    version_note = models.CharField(max_length=1000, blank=True)
    publication_date_time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]
        verbose_name = "terms of use version"

    def __str__(self) -> str:
        return f"terms of use v{self.version}"


class Membertermsofuseversionagreed(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="terms_agreed")
    termsofuseversion = models.ForeignKey(
        Termsofuse, on_delete=models.PROTECT, related_name="agreements"
    )
    agreed_date_time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-agreed_date_time", "-id"]
        verbose_name = "terms of use agreement"
        constraints = [
            models.UniqueConstraint(
                fields=["member", "termsofuseversion"], name="terms_agreed_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} agreed to {self.termsofuseversion}"


class Chatmessage(models.Model):
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="chat_messages"
    )
    prospect = models.ForeignKey(
        Prospect, on_delete=models.SET_NULL, null=True, blank=True, related_name="chat_messages"
    )
    name = models.CharField(max_length=150)
    email_address = models.EmailField(max_length=254)
    message = models.TextField(max_length=5000)
    created_date_time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_date_time", "-id"]

    def __str__(self) -> str:
        return f"chat message from {self.email_address}"


class DataRequest(models.Model):
    """A shopper's data request as the store answered it (GDPR/CCPA accountability): what was
    done, when, by whom, and how many rows of each kind, but nothing about the person.

    No email, name or id of the subject, not even a hash: an email's hash is found again by
    hashing a list of candidate addresses, so it is personal data itself. Repeats need no
    detecting: once erased there is nothing left to erase, and the address may sign up anew."""

    class Kind(models.TextChoices):
        EXPORT = "export", "Download by the member"
        ERASE_MEMBER = "erase-member", "Erasure of a member"
        ERASE_PROSPECT = "erase-prospect", "Erasure of a prospect"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    # The store admin who erased (no FK: the record outlives the admin's account); blank for
    # a member's own download.
    acting_user_id = models.IntegerField(null=True, blank=True)
    acting_username = models.CharField(max_length=150, blank=True)
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.created_at:%Y-%m-%d %H:%M}"
