from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "control_plane/home.html", {"platform_domain": settings.PLATFORM_DOMAIN})
