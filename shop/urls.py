from django.urls import include, path

from shop import views

urlpatterns = [
    path("", views.home, name="store-home"),
    path("order/", include("shop.order_urls")),
    path("user/", include("shop.accounts.urls")),
    path("clientevent/", include("shop.clientevents.urls")),
]
