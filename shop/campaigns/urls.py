from django.urls import path

from shop.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("unsubscribe-one-click", views.unsubscribe_one_click, name="unsubscribe-one-click"),
]
