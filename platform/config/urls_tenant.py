"""A store's own domain: the storefront and the store's admin."""

from django.contrib import admin
from django.urls import include, path

from shop.accounts.admin_login import admin_login

urlpatterns = [
    path("", include("shop.urls")),
    # Before the admin's own login/ (the same view, each POST counted first).
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
]

handler400 = "core.error_views.bad_request"
handler500 = "core.error_views.server_error"
