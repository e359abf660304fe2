"""The storefront's pages (the JSON API stays under /order/ and /user/)."""

from django.urls import path, re_path
from django.views.generic import RedirectView

from shop.checkout import page_urls as checkout_page_urls
from shop.pages import account_urls, order_page_urls, views

urlpatterns = [
    path("", views.home, name="store-home"),
    re_path(r"^product/(?P<identifier>[A-Za-z0-9]{1,100})$", views.product, name="store-product"),
    path("cart", views.cart, name="store-cart"),
    path("theme.css", views.theme_css, name="storefront-theme"),
    path("favicon.svg", views.favicon, name="storefront-favicon"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", RedirectView.as_view(url="/favicon.svg", permanent=False)),
    re_path(
        r"^img/product/(?P<name>[A-Za-z0-9_-]{1,100}\.(?:jpg|jpeg|png|svg))$",
        views.product_image,
        name="storefront-product-image",
    ),
    *checkout_page_urls.urlpatterns,
    *order_page_urls.urlpatterns,
    *account_urls.urlpatterns,
]
