"""`/clientevent/` (the reference's paths)."""

from django.urls import path

from shop.clientevents import views

urlpatterns = [
    path("", views.index, name="clientevent-index"),
    path("pageview", views.pageview, name="clientevent-pageview"),
    path("ajaxerror", views.ajaxerror, name="clientevent-ajaxerror"),
    path("buttonclick", views.buttonclick, name="clientevent-buttonclick"),
    path("linkevent", views.linkevent, name="clientevent-linkevent"),
]
