"""The platform domain: the control plane."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("control_plane.urls")),
    path("admin/", admin.site.urls),
]
