"""The platform domain: the control plane."""

from core.metrics_view import metrics_view
from django.urls import include, path

from control_plane.platform_admin import platform_admin_site
from control_plane.sign_in import admin_login, admin_password_change

urlpatterns = [
    path("", include("control_plane.urls")),
    path("metrics", metrics_view, name="metrics"),  # Prometheus; never on a store host
    # Before the admin's own login/ and password_change/ (the same views, each POST counted
    # first).
    path("admin/login/", admin_login),
    path("admin/password_change/", admin_password_change),
    path("admin/", platform_admin_site.urls),
]

handler400 = "core.error_views.bad_request"
handler500 = "core.error_views.server_error"
