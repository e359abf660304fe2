"""A store's own domain: the storefront and the store's admin."""

from django.contrib import admin
from django.urls import include, path

from shop.accounts.admin_login import admin_login, admin_password_change

urlpatterns = [
    path("", include("shop.urls")),
    # Before the admin's own login/ and password_change/ (the same views, each POST counted
    # first).
    path("admin/login/", admin_login),
    path("admin/password_change/", admin_password_change),
    path("admin/", admin.site.urls),
]

handler400 = "core.error_views.bad_request"
handler500 = "core.error_views.server_error"
