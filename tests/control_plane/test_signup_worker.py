"""Signup end to end with a real Celery worker process on Redis: the POST answers at once,
the worker runs the job, and the store is live with its seed catalog and the founder's
admin login on the store's own host."""

from django.conf import settings
from django.db import connections
from django.test import Client

from tests.control_plane.conftest import FOUNDER_PASSWORD, signup_data
from tests.control_plane.helpers import remove_store, wait_for

SLUG = "worker-made"
HOST = f"{SLUG}.{settings.PLATFORM_DOMAIN}"


def test_a_founder_signs_up_and_the_worker_opens_the_store(worker_queue, django_db_blocker):
    platform = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
    store = Client(HTTP_HOST=HOST)
    with django_db_blocker.unblock():
        try:
            response = platform.post("/signup/", signup_data(SLUG), HTTP_ACCEPT="application/json")
            assert response.status_code == 202
            status_url = response.json()["status_url"]

            status = wait_for(
                lambda: (
                    (body := platform.get(status_url).json())["status"] in ("succeeded", "failed")
                    and body
                )
            )

            assert status["status"] == "succeeded", status
            assert status["live"] is True
            assert status["links"] == {"home": f"http://{HOST}/", "admin": f"http://{HOST}/admin/"}
            products = store.get("/order/products").json()["products_data"]
            assert sorted(p["title"] for p in products.values()) == [
                "Binder Clips",
                "Paper Clips",
                "Rubber Bands",
            ]
            login = store.post(
                "/admin/login/?next=/admin/",
                {"username": f"founder@{SLUG}.example", "password": FOUNDER_PASSWORD},
            )
            assert (login.status_code, login["Location"]) == (302, "/admin/")
            admin_home = store.get("/admin/")
            assert admin_home.status_code == 200
            assert b"Site administration" in admin_home.content
            # The founder is a user of the store, not of the platform.
            assert platform.get("/admin/").status_code == 302
        finally:
            remove_store(SLUG)
            connections.close_all()
