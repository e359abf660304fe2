"""Dashboard forms: parsing only; the rules are in the services."""

from __future__ import annotations

from django import forms
from django.conf import settings

from control_plane.dashboard.selectors import STALLED
from control_plane.provisioning.models import ProvisioningJob
from tenants.models import Tenant


def _blank_choice(choices) -> list[tuple[str, str]]:
    return [("", "Any"), *choices]


class TenantFilterForm(forms.Form):
    search = forms.CharField(label="Search (slug, name or domain)", max_length=100, required=False)
    state = forms.ChoiceField(label="State", required=False)
    plan = forms.ChoiceField(label="Plan", required=False)
    placement = forms.ChoiceField(label="Placement", required=False)
    created_on = forms.DateField(
        label="Created on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = _blank_choice(Tenant.State.choices)
        self.fields["plan"].choices = _blank_choice(Tenant.Plan.choices)
        self.fields["placement"].choices = _blank_choice((a, a) for a in settings.DATABASES)


class JobFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _blank_choice(
            [*ProvisioningJob.Status.choices, (STALLED, "Stalled (no step moved lately)")]
        )


class DayForm(forms.Form):
    day = forms.DateField(label="Day", widget=forms.DateInput(attrs={"type": "date"}))


class PlanForm(forms.Form):
    plan = forms.ChoiceField(label="Plan", choices=Tenant.Plan.choices)


class CustomDomainForm(forms.Form):
    custom_domain = forms.CharField(label="Custom domain", max_length=253)


class StripeKeysForm(forms.Form):
    publishable_key = forms.CharField(label="Publishable key", max_length=255)
    secret_key = forms.CharField(label="Secret key", max_length=255, widget=forms.PasswordInput)
    webhook_secret = forms.CharField(
        label="Webhook signing secret", max_length=255, widget=forms.PasswordInput
    )
