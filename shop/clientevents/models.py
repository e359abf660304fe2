"""What the storefront's JavaScript reports: page views, AJAX errors, button clicks and
followed links (with the member, prospect, email and ad codes the link carried)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from shop.accounts.models import Prospect
from shop.ads.models import Ad
from shop.emails.models import Email

URL_MAX = 1000


class Configuration(models.Model):
    """One row (id 1). `log_client_events` tells the storefront whether to report at all;
    the server records whatever it is sent."""

    SINGLETON_ID = 1

    log_client_events = models.BooleanField(default=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="clientevent_config_single")]

    def __str__(self) -> str:
        return f"log client events: {self.log_client_events}"


class ClientEvent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    anonymous_id = models.CharField(max_length=100, blank=True)
    url = models.CharField(max_length=URL_MAX)
    created_date_time = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-created_date_time", "-id"]

    def __str__(self) -> str:
        return f"{type(self).__name__.lower()} {self.url}"


class Pageview(ClientEvent):
    page_width = models.PositiveIntegerField(null=True, blank=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    http_user_agent = models.CharField(max_length=1000, blank=True)


class AJAXError(ClientEvent):
    error_id = models.CharField(max_length=100, blank=True)

    class Meta(ClientEvent.Meta):
        verbose_name = "AJAX error"


class Buttonclick(ClientEvent):
    button_id = models.CharField(max_length=100, blank=True)


class Linkevent(ClientEvent):
    prospect = models.ForeignKey(
        Prospect, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.ForeignKey(
        Email, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ad = models.ForeignKey(Ad, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
