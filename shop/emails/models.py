"""Email templates of the store, the log of what was sent, and the store's mail settings.

An Email is a template (`str.format` placeholders, rendered by shop.emails.services) found by
its code `em_cd`. Emailtype says who it is for: `Member` and `Prospect` are the reference's
marketing audiences; `Transactional` (ours) marks the mail the store sends by itself (welcome,
reset, order confirmation, ...), which a campaign must never send to a list.

Emailsent is written only after a successful send. A recipient is recorded once per marketing
email (partial unique constraints per (email, member) and (email, prospect)): campaigns rely on
it to never send twice. Transactional rows are exempt (a member gets an order confirmation
per order), which the row itself records in `transactional`.
"""

from __future__ import annotations

from django.core.validators import EmailValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from shop.accounts.models import Member, Prospect
from shop.codes import new_code


class Emailtype(models.Model):
    MEMBER = "Member"
    PROSPECT = "Prospect"
    TRANSACTIONAL = "Transactional"

    title = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Emailstatus(models.Model):
    DRAFT = "Draft"
    READY = "Ready"
    SENT = "Sent"

    title = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "email statuses"

    def __str__(self) -> str:
        return self.title


class Email(models.Model):
    subject = models.CharField(max_length=300)
    email_type = models.ForeignKey(Emailtype, on_delete=models.PROTECT, related_name="emails")
    email_status = models.ForeignKey(Emailstatus, on_delete=models.PROTECT, related_name="emails")
    body_html = models.TextField(max_length=15000, blank=True)
    body_text = models.TextField(max_length=5000)
    # Blank: the store's sender address (StoreSettings.sender_address).
    from_address = models.CharField(max_length=100, blank=True)
    bcc_address = models.CharField(max_length=100, blank=True)
    em_cd = models.CharField(max_length=50, unique=True, default=new_code)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.em_cd})"

    @property
    def is_transactional(self) -> bool:
        return self.email_type.title == Emailtype.TRANSACTIONAL


class Emailsent(models.Model):
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, null=True, blank=True, related_name="emails_sent"
    )
    prospect = models.ForeignKey(
        Prospect, on_delete=models.CASCADE, null=True, blank=True, related_name="emails_sent"
    )
    email = models.ForeignKey(Email, on_delete=models.CASCADE, related_name="sent")
    transactional = models.BooleanField(default=False)
    sent_date_time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_date_time", "-id"]
        verbose_name_plural = "emails sent"
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, prospect__isnull=True)
                | Q(member__isnull=True, prospect__isnull=False),
                name="emailsent_one_recipient",
            ),
            models.UniqueConstraint(
                fields=["email", "member"],
                condition=Q(member__isnull=False, transactional=False),
                name="emailsent_once_per_member",
            ),
            models.UniqueConstraint(
                fields=["email", "prospect"],
                condition=Q(prospect__isnull=False, transactional=False),
                name="emailsent_once_per_prospect",
            ),
        ]
        indexes = [models.Index(fields=["email", "-sent_date_time"], name="emailsent_by_email")]

    def __str__(self) -> str:
        return f"{self.email.em_cd} to {self.member or self.prospect}"


class StoreSettings(models.Model):
    """The store's own addresses: one row (id 1). Read it with
    shop.emails.selectors.get_store_settings(), which supplies defaults when it is missing."""

    SINGLETON_ID = 1

    # "Store Name <no-reply@store.example>" or a bare address; every store mail is From this.
    sender_address = models.CharField(max_length=254)
    # Who hears about new chat messages (and receives marketing drafts).
    owner_address = models.CharField(max_length=254, validators=[EmailValidator()])
    # The storefront's base URL for links in mail (ENVIRONMENT_DOMAIN); blank: https://<host>.
    site_url = models.URLField(max_length=200, blank=True)

    class Meta:
        verbose_name = "store settings"
        verbose_name_plural = "store settings"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="storesettings_singleton")]

    def __str__(self) -> str:
        return f"store settings (from {self.sender_address})"
