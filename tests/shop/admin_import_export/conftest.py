"""Staff clients of a store's admin and the admin's export, import preview and confirm
steps driven through HTTP, as a merchant's browser would."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tenants.context import tenant_context
from tenants.models import Tenant
from tests.shop.checkout.journey import alpha_payments, place_guest_order  # noqa: F401

CSV_FORMAT = "0"  # shop.importexport.FORMATS: CSV first


@pytest.fixture
def staff_client(client_for) -> Callable[[Tenant], Client]:
    """A client signed in to `store`'s admin as a superuser of that store."""

    def make(store: Tenant, username: str = "owner9") -> Client:
        with tenant_context(store):
            user = User.objects.create_superuser(username, f"{username}@example.com", "Owner!pass1")
        client = client_for(store)
        with tenant_context(store):
            client.force_login(user)
        return client

    return make


def export_csv(client: Client, changelist: str) -> list[dict[str, str]]:
    """Export every field of the changelist's resource as CSV (the export page's form)."""
    page = client.get(f"{changelist}export/")
    assert page.status_code == 200, page.content
    boxes = re.findall(r'<input type="checkbox" name="([^"]+)"', page.content.decode())
    assert boxes, "the export form lists the fields"
    data = {"format": CSV_FORMAT, "resource": "0", **{name: "on" for name in boxes}}
    response = client.post(f"{changelist}export/", data)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv"), response["Content-Type"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def to_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@dataclass
class Preview:
    status_code: int
    page: str
    confirm: dict[str, str] | None  # the confirm form's hidden fields, when it is offered


def preview_import(client: Client, changelist: str, text: str) -> Preview:
    """Upload a CSV: import-export checks it in a rolled-back dry run and shows the result."""
    upload = SimpleUploadedFile("catalog.csv", text.encode(), content_type="text/csv")
    response = client.post(
        f"{changelist}import/", {"import_file": upload, "format": CSV_FORMAT, "resource": "0"}
    )
    page = response.content.decode()
    confirm = None
    if "process_import" in page:
        names = ("import_file_name", "original_file_name", "format", "resource")
        confirm = {}
        for name in names:
            match = re.search(rf'name="{name}" value="([^"]*)"', page)
            confirm[name] = match.group(1) if match else ""
    return Preview(response.status_code, page, confirm)


def confirm_import(client: Client, changelist: str, confirm: dict[str, str]):
    return client.post(f"{changelist}process_import/", confirm, follow=True)
