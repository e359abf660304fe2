from django.contrib.auth import views as auth_views
from django.urls import path

from control_plane.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("tenants/", views.tenant_list, name="tenants"),
    path("jobs/", views.job_list, name="jobs"),
    path("orders/", views.orders_on_day, name="orders-day"),
    path("pool/", views.spare_list, name="spares"),
    path("login/", views.login, name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="/dashboard/login/"), name="logout"),
    path("tenants/<slug:slug>/", views.tenant_detail, name="tenant"),
    path("tenants/<slug:slug>/suspend", views.suspend, name="suspend"),
    path("tenants/<slug:slug>/resume", views.resume, name="resume"),
    path("tenants/<slug:slug>/plan", views.change_plan, name="plan"),
    path("tenants/<slug:slug>/domains", views.add_domain, name="add-domain"),
    path(
        "tenants/<slug:slug>/domains/<int:claim_id>/check",
        views.check_domain,
        name="check-domain",
    ),
    path("tenants/<slug:slug>/stripe-keys", views.set_stripe_keys, name="stripe-keys"),
    path("tenants/<slug:slug>/jobs/<int:job_id>/", views.job_detail, name="job"),
    path("tenants/<slug:slug>/jobs/<int:job_id>/resume", views.resume_job, name="resume-job"),
    path(
        "tenants/<slug:slug>/jobs/<int:job_id>/steps/<str:step>/rerun",
        views.rerun_step,
        name="rerun-step",
    ),
]
