from django.urls import include, path

from control_plane import views
from control_plane.signup import views as signup

app_name = "control_plane"

urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", signup.signup, name="signup"),
    path("signup/check-slug", signup.check_slug, name="signup-check-slug"),
    path("signup/jobs/<str:token>/", signup.job_page, name="signup-job"),
    path("signup/jobs/<str:token>/status", signup.job_status, name="signup-job-status"),
    path("dashboard/", include("control_plane.dashboard.urls")),
]
