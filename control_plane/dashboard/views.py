"""The operator dashboard: thin views over dashboard.selectors and dashboard.services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from core.login_throttle import guard_login_view
from core.secrets import SANDBOX_REFUSED, InvalidStripeKeys, StripeKeys, sandbox_keys_usable
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from control_plane.dashboard import fleet_overview, selectors, services
from control_plane.dashboard.charts import build_bar_chart
from control_plane.dashboard.forms import (
    CustomDomainForm,
    DayForm,
    JobFilterForm,
    PlanForm,
    StripeKeysForm,
    TenantFilterForm,
)
from control_plane.dashboard.permissions import Role, operator_action, staff_view
from control_plane.provisioning.models import ProvisioningJob, ProvisioningStep
from control_plane.provisioning.selectors import list_jobs_for_tenant
from control_plane.sign_in import too_many_sign_ins_page
from tenants.models import DomainClaim, Tenant

PAGE_SIZE = 50


class LoginView(auth_views.LoginView):
    template_name = "control_plane/dashboard/login.html"
    redirect_authenticated_user = True
    extra_context = {"nav_current": "login"}

    def get_default_redirect_url(self) -> str:
        return "/dashboard/"


# Each POST counted against the address and the username first (core.login_throttle).
login = guard_login_view(LoginView.as_view(), refusal_page=too_many_sign_ins_page)


@never_cache
@require_GET
@staff_view
def overview(request: HttpRequest) -> HttpResponse:
    fleet = fleet_overview.get_fleet_overview()
    tenants_url = reverse("control_plane:dashboard:tenants")

    orders_url = reverse("control_plane:dashboard:orders-day")

    def signups_of(day: date) -> str:
        return f"{tenants_url}?created_on={day.isoformat()}"

    def orders_of(day: date) -> str:
        return f"{orders_url}?day={day.isoformat()}"

    context = {
        "fleet": fleet,
        "signups_chart": build_bar_chart(
            title="Signups per day", per_day=fleet.signups_per_day, unit="signups", link=signups_of
        ),
        "orders_chart": build_bar_chart(
            title="Orders per day", per_day=fleet.orders.per_day, unit="orders", link=orders_of
        ),
        "cache_seconds": settings.FLEET_OVERVIEW_CACHE_SECONDS,
        "stall_seconds": settings.PROVISIONING_STALL_SECONDS,
        "time_zone": settings.TIME_ZONE,
        "role": request.dashboard_role,
        "nav_current": "overview",
    }
    return render(request, "control_plane/dashboard/overview.html", context)


@never_cache
@require_GET
@staff_view
def orders_on_day(request: HttpRequest) -> HttpResponse:
    form = DayForm(request.GET or None)
    day = form.cleaned_data["day"] if form.is_valid() else timezone.localdate()
    context = {
        "form": form,
        "orders": fleet_overview.list_orders_on_day(day=day),
        "role": request.dashboard_role,
        "nav_current": "overview",
    }
    return render(request, "control_plane/dashboard/orders_day.html", context)


@never_cache
@require_GET
@staff_view
def job_list(request: HttpRequest) -> HttpResponse:
    form = JobFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    jobs = selectors.list_jobs(status=status)
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "role": request.dashboard_role, "nav_current": "jobs"}
    return render(request, "control_plane/dashboard/jobs.html", context)


@never_cache
@require_GET
@staff_view
def spare_list(request: HttpRequest) -> HttpResponse:
    placement = request.GET.get("placement", "")
    catalog = request.GET.get("catalog")  # present and empty: the unseeded spares
    spares = selectors.list_spares(placement=placement, catalog=catalog)
    context = {
        "spares": spares,
        "usable": sum(spare.usable for spare in spares),
        "placement": placement,
        "catalog": catalog,
        "role": request.dashboard_role,
        "nav_current": "overview",
    }
    return render(request, "control_plane/dashboard/spares.html", context)


@never_cache
@require_GET
@staff_view
def tenant_list(request: HttpRequest) -> HttpResponse:
    form = TenantFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.list_tenants(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.count_orders(tenants=list(page.object_list))
    rows = [{"tenant": tenant, "orders": counts[tenant.pk]} for tenant in page.object_list]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "role": request.dashboard_role,
        "nav_current": "tenants",
    }
    return render(request, "control_plane/dashboard/tenants.html", context)


def _tenant_or_404(slug: str) -> Tenant:
    tenant = selectors.get_tenant(slug=slug)
    if tenant is None:
        raise Http404("no such store")
    return tenant


def _tenant_page(
    request: HttpRequest, tenant: Tenant, *, status: int = 200, **forms
) -> HttpResponse:
    jobs = list_jobs_for_tenant(tenant=tenant)
    context = {
        "tenant": tenant,
        "domains": selectors.list_domains_with_certificates(tenant=tenant, jobs=jobs),
        "claims": selectors.list_domain_claims(tenant=tenant),
        # Development: the DNS sandbox scripts/run started (where a claim's record is published).
        "dns_sandbox_state_file": settings.DNS_SANDBOX_STATE_FILE if settings.DEBUG else "",
        "orders": selectors.count_orders(tenants=[tenant])[tenant.pk],
        "jobs": jobs,
        "stripe_keys": selectors.get_masked_stripe_keys(tenant=tenant),
        "audit_log": selectors.list_audit_log(tenant=tenant),
        "role": request.dashboard_role,
        "can_change": request.dashboard_role is Role.OPERATOR,
        "plan_form": forms.get("plan_form") or PlanForm(initial={"plan": tenant.plan}),
        "domain_form": forms.get("domain_form") or CustomDomainForm(),
        "keys_form": forms.get("keys_form") or StripeKeysForm(),
    }
    return render(request, "control_plane/dashboard/tenant.html", context, status=status)


@never_cache
@require_GET
@staff_view
def tenant_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _tenant_page(request, _tenant_or_404(slug))


@never_cache
@require_GET
@staff_view
def job_detail(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    tenant = _tenant_or_404(slug)
    job = selectors.get_job(tenant=tenant, job_id=job_id)
    if job is None:
        raise Http404("no such job")
    context = {
        "tenant": tenant,
        "job": job,
        "role": request.dashboard_role,
        "can_change": request.dashboard_role is Role.OPERATOR,
    }
    return render(request, "control_plane/dashboard/job.html", context)


def _act(
    request: HttpRequest,
    slug: str,
    action: Callable[[Tenant], str],
    *,
    job_id: int | None = None,
    **forms,
) -> HttpResponse:
    """Run one operator action; a refused one re-renders the page with its reason (400).
    An action on a job leads back to the job's page."""
    tenant = _tenant_or_404(slug)
    try:
        message = action(tenant)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return _tenant_page(request, tenant, status=400, **forms)
    messages.success(request, message)
    if job_id is not None:
        return redirect("control_plane:dashboard:job", slug=tenant.slug, job_id=job_id)
    return redirect("control_plane:dashboard:tenant", slug=tenant.slug)


def _form_data(form) -> dict:
    if not form.is_valid():
        raise ValidationError([f"{name}: {' '.join(errs)}" for name, errs in form.errors.items()])
    return form.cleaned_data


@require_POST
@operator_action
def suspend(request: HttpRequest, slug: str) -> HttpResponse:
    def action(tenant: Tenant) -> str:
        services.suspend_store(tenant=tenant, acting_operator=request.user)
        return f"{tenant.slug} is suspended."

    return _act(request, slug, action)


@require_POST
@operator_action
def resume(request: HttpRequest, slug: str) -> HttpResponse:
    def action(tenant: Tenant) -> str:
        services.resume_store(tenant=tenant, acting_operator=request.user)
        return f"{tenant.slug} is live again."

    return _act(request, slug, action)


@require_POST
@operator_action
def change_plan(request: HttpRequest, slug: str) -> HttpResponse:
    form = PlanForm(request.POST)

    def action(tenant: Tenant) -> str:
        plan = _form_data(form)["plan"]
        services.change_plan(tenant=tenant, plan=plan, acting_operator=request.user)
        return f"{tenant.slug} is on the {plan} plan."

    return _act(request, slug, action, plan_form=form)


@require_POST
@operator_action
def add_domain(request: HttpRequest, slug: str) -> HttpResponse:
    form = CustomDomainForm(request.POST)

    def action(tenant: Tenant) -> str:
        host = _form_data(form)["custom_domain"]
        try:
            claim = services.add_custom_domain(
                tenant=tenant, host=host, acting_operator=request.user
            )
        except ValidationError as exc:  # shown next to the field too
            for field, errors in getattr(exc, "error_dict", {}).items():
                form.add_error(field if field in form.fields else None, errors)
            raise
        return (
            f"{claim.domain} is claimed. It serves the store once its owner publishes "
            f"{claim.record_type} {claim.record_name} {claim.record_value} and it is checked."
        )

    return _act(request, slug, action, domain_form=form)


_CHECK_OUTCOMES = {
    DomainClaim.Status.VERIFIED: "{domain} is proven: it serves the store now, and its "
    "certificate is being set up.",
    DomainClaim.Status.PENDING: "{domain} is not proven yet: {reason}",
    DomainClaim.Status.TAKEN: "{domain} was proven by another store first: {reason}",
}


@require_POST
@operator_action
def check_domain(request: HttpRequest, slug: str, claim_id: int) -> HttpResponse:
    def action(tenant: Tenant) -> str:
        claim = services.check_custom_domain(
            tenant=tenant, claim_id=claim_id, acting_operator=request.user
        )
        return _CHECK_OUTCOMES[claim.status].format(domain=claim.domain, reason=claim.last_error)

    return _act(request, slug, action)


@require_POST
@operator_action
def set_stripe_keys(request: HttpRequest, slug: str) -> HttpResponse:
    form = StripeKeysForm(request.POST)

    def action(tenant: Tenant) -> str:
        try:
            keys = StripeKeys(**_form_data(form))
        except InvalidStripeKeys as exc:
            raise ValidationError(str(exc)) from exc
        if keys.is_sandbox and not sandbox_keys_usable():
            raise ValidationError(SANDBOX_REFUSED)
        services.set_stripe_keys(tenant=tenant, keys=keys, acting_operator=request.user)
        return f"Stripe keys of {tenant.slug} set (secret key {keys.masked()['secret_key']})."

    return _act(request, slug, action)  # the typed keys are never rendered back


def _job(tenant: Tenant, job_id: int) -> ProvisioningJob:
    job = ProvisioningJob.objects.filter(pk=job_id, tenant=tenant).first()
    if job is None:
        raise Http404("no such job")
    return job


@require_POST
@operator_action
def rerun_step(request: HttpRequest, slug: str, job_id: int, step: str) -> HttpResponse:
    def action(tenant: Tenant) -> str:
        row = ProvisioningStep.objects.filter(job=_job(tenant, job_id), name=step).first()
        if row is None:
            raise Http404("no such step")
        services.rerun_step(step=row, acting_operator=request.user)
        return f"Re-running {step} of job {job_id}."

    return _act(request, slug, action, job_id=job_id)


@require_POST
@operator_action
def resume_job(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    def action(tenant: Tenant) -> str:
        services.resume_stalled_job(job=_job(tenant, job_id), acting_operator=request.user)
        return f"Resuming job {job_id}."

    return _act(request, slug, action, job_id=job_id)
