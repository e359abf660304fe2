from django.urls import include, path

urlpatterns = [
    path("", include("shop.pages.urls")),
    path("order/", include("shop.order_urls")),
    path("campaigns/", include("shop.campaigns.urls")),
    path("user/", include("shop.accounts.urls")),
    path("clientevent/", include("shop.clientevents.urls")),
]
