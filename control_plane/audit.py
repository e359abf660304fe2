"""Who did what to which store: one OperatorAuditLog row per operator action, written in the
same transaction as the change it records (Zulip's RealmAuditLog), so there is never a change
without its row or a row without its change.

    with transaction.atomic():
        suspend_tenant(tenant)
        record_action(actor=operator, action=AuditAction.SUSPEND, tenant=tenant)

`detail` holds what an operator needs to read the row later; never a secret (Stripe keys
appear masked only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, models, transaction

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from tenants.models import Tenant


class AuditAction(models.TextChoices):
    SUSPEND = "suspend", "Suspended the store"
    RESUME = "resume", "Resumed the store"
    RERUN_STEP = "rerun_step", "Re-ran a provisioning step"
    RESUME_JOB = "resume_job", "Resumed a provisioning job"
    ADD_DOMAIN = "add_domain", "Added a custom domain"
    PROVE_DOMAIN = "prove_domain", "Proved a custom domain (Check now)"
    SET_STRIPE_KEYS = "set_stripe_keys", "Set the Stripe keys"
    CHANGE_PLAN = "change_plan", "Changed the plan"


class OperatorAuditLog(models.Model):
    """One operator action. Actor and store are kept by name too, so the row outlives them."""

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_username = models.CharField(max_length=150)
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    tenant = models.ForeignKey(
        "tenants.Tenant", null=True, on_delete=models.SET_NULL, related_name="audit_log"
    )
    tenant_slug = models.CharField(max_length=40, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        app_label = "control_plane"
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.created:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.tenant_slug}"
        )


class AuditOutsideTransaction(RuntimeError):
    """An audit row must share the transaction of the change it records."""


def record_action(
    *,
    actor: AbstractBaseUser | None,
    action: AuditAction,
    tenant: Tenant | None = None,
    detail: dict[str, Any] | None = None,
) -> OperatorAuditLog:
    """Write the audit row of an action; call it inside the action's own atomic block."""
    if not transaction.get_connection(DEFAULT_DB_ALIAS).in_atomic_block:
        raise AuditOutsideTransaction(f"record {action} inside the transaction of the change")
    return OperatorAuditLog.objects.create(
        actor=actor,
        actor_username=getattr(actor, "username", "") or "",
        action=action,
        tenant=tenant,
        tenant_slug=getattr(tenant, "slug", "") or "",
        detail=detail or {},
    )
