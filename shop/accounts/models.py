"""The store's own customers: a Member is a signed-up shopper (one per auth User), a Prospect
is an email address the store knows without an account (chat, notify-me, a guest order).

Differences from the reference, on purpose: no legacy Stripe customer or default address
fields; a prospect is NOT subscribed unless it opted in (`email_unsubscribed` defaults to
True, defect 10); codes come from `secrets` (shop.codes, defect 19).
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
    reset_password_string = models.CharField(max_length=50, blank=True)
    reset_password_string_signed = models.CharField(max_length=200, blank=True)
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
