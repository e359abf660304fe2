"""Founder signup on the platform domain: the form, the as-you-type slug check, and the
job's page with its JSON status (polled by static/control_plane/job.js; no inline script)."""

from __future__ import annotations

from core.ratelimit import RateLimited, client_ip, enforce_rate_limit
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from control_plane.provisioning.selectors import get_job_by_token, get_job_status
from control_plane.signup.forms import SignupForm
from control_plane.signup.services import get_slug_availability, parse_stripe_keys, signup_founder

# Signups that may reach the service per client address and hour: each makes a store.
# SIGNUP_RATE_LIMIT in the settings overrides the number (tests lower it).
SIGNUP_RATE_LIMIT = 10
SIGNUP_RATE_PERIOD = 3600
RATE_LIMITED_MESSAGE = (
    "Too many stores were started from your network in the last hour. Please try again later."
)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _request_port(request: HttpRequest) -> str:
    host = request.get_host()
    return host.rsplit(":", 1)[1] if ":" in host and not host.endswith("]") else ""


def _submit(form: SignupForm):
    """The job, or the form with the errors the service found added to it."""
    data = form.cleaned_data
    try:
        return signup_founder(
            store_name=data["store_name"],
            slug=data["slug"],
            email=data["email"],
            password=data["password"],
            catalog=data["catalog"],
            custom_domain=data["custom_domain"],
            stripe_keys=parse_stripe_keys(
                publishable_key=data["stripe_publishable_key"],
                secret_key=data["stripe_secret_key"],
                webhook_secret=data["stripe_webhook_secret"],
            ),
        )
    except ValidationError as exc:
        for field, errors in _errors_by_field(exc).items():
            form.add_error(field if field in form.fields else None, errors)
        return None


def _errors_by_field(exc: ValidationError) -> dict[str, list[ValidationError]]:
    return exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}


@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None, platform_domain=settings.PLATFORM_DOMAIN)
    if request.method == "GET":
        return render(request, "control_plane/signup.html", {"form": form, "nav_current": "signup"})
    if form.is_valid():
        try:
            enforce_rate_limit(
                scope="signup",
                key=client_ip(request),
                limit=getattr(settings, "SIGNUP_RATE_LIMIT", SIGNUP_RATE_LIMIT),
                period=SIGNUP_RATE_PERIOD,
            )
        except RateLimited as exc:
            return _rate_limited(request, form, exc)
    job = _submit(form) if form.is_valid() else None
    if job is None:
        if _wants_json(request):
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        context = {"form": form, "nav_current": "signup"}
        return render(request, "control_plane/signup.html", context, status=400)
    page = reverse("control_plane:signup-job", args=[job.token])
    if not _wants_json(request):
        return redirect(page)
    status = reverse("control_plane:signup-job-status", args=[job.token])
    body = {"job": job.token, "slug": job.tenant.slug, "page_url": page, "status_url": status}
    return JsonResponse(body, status=202)


def _rate_limited(request: HttpRequest, form: SignupForm, exc: RateLimited) -> HttpResponse:
    headers = {"Retry-After": str(exc.retry_after)}
    if _wants_json(request):
        body = {"errors": {"__all__": [{"message": RATE_LIMITED_MESSAGE, "code": exc.code}]}}
        return JsonResponse(body, status=429, headers=headers)
    context = {"form": form, "nav_current": "signup", "rate_limited": RATE_LIMITED_MESSAGE}
    response = render(request, "control_plane/signup.html", context, status=429)
    response["Retry-After"] = headers["Retry-After"]
    return response


@never_cache
@require_GET
def check_slug(request: HttpRequest) -> JsonResponse:
    slug = request.GET.get("slug", "").strip()
    if not slug:
        body = {"errors": {"slug": [{"message": "Give a slug to check.", "code": "required"}]}}
        return JsonResponse(body, status=400)
    return JsonResponse(get_slug_availability(slug=slug.lower()).as_dict())


@never_cache
@require_GET
def job_page(request: HttpRequest, token: str) -> HttpResponse:
    job = get_job_by_token(token=token)
    if job is None:
        raise Http404("no such job")
    status = get_job_status(job=job, scheme=request.scheme, port=_request_port(request))
    return render(request, "control_plane/job.html", {"job": job, "status": status})


@never_cache
@require_GET
def job_status(request: HttpRequest, token: str) -> JsonResponse:
    job = get_job_by_token(token=token)
    if job is None:
        return JsonResponse(
            {"errors": {"job": [{"message": "No such job.", "code": "not_found"}]}}, status=404
        )
    return JsonResponse(get_job_status(job=job, scheme=request.scheme, port=_request_port(request)))
