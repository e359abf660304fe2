from django.urls import path

from control_plane import views

app_name = "control_plane"

urlpatterns = [
    path("", views.home, name="home"),
]
