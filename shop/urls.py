from django.urls import include, path

urlpatterns = [
    # The JSON API first: its requests are the most frequent, and no page's route starts with
    # "order/", so it is found without trying the pages' patterns (tests/shop/test_urls_order.py).
    path("order/", include("shop.order_urls")),
    path("", include("shop.pages.urls")),
    path("campaigns/", include("shop.campaigns.urls")),
    path("user/", include("shop.accounts.urls")),
    path("clientevent/", include("shop.clientevents.urls")),
]
