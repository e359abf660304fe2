"""The store's look: its admin sets a display name, two colours and a logo; `/theme.css`
carries the colours as CSS custom properties with readable text colours, and the pages
show the name and logo."""

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from shop.pages.models import StoreTheme
from shop.pages.theme import contrast_ratio
from tenants.context import tenant_context

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]


def test_a_store_without_a_theme_gets_the_default_colours_and_its_own_name(store_a, client_for):
    client = client_for(store_a)

    css = client.get("/theme.css")
    home = client.get("/").content.decode()

    assert css.status_code == 200
    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert css.content.decode() == (
        ":root {\n  --brand: #1f4e79;\n  --on-brand: #ffffff;\n  --brand-text: #1f4e79;\n"
        "  --accent: #b8461b;\n  --on-accent: #ffffff;\n}\n"
    )
    assert '<span class="brand__name">Alpha Store</span>' in home


def test_the_admins_theme_reaches_the_css_and_the_pages(store_a, store_b, client_for):
    with tenant_context(store_a):
        StoreTheme.objects.create(
            display_name="Alpha Paper Co.",
            primary_color="#FFD400",
            accent_color="#0b3d2e",
            logo_url="https://cdn.example.com/alpha.svg",
        )

    css = client_for(store_a).get("/theme.css").content.decode()
    home = client_for(store_a).get("/").content.decode()
    other = client_for(store_b).get("/theme.css").content.decode()

    # A light primary gets black text and black links on white; a dark accent white text.
    assert css == (
        ":root {\n  --brand: #ffd400;\n  --on-brand: #111111;\n  --brand-text: #111111;\n"
        "  --accent: #0b3d2e;\n  --on-accent: #ffffff;\n}\n"
    )
    assert "<h1>Alpha Paper Co.</h1>" in home
    assert "<title>Alpha Paper Co.</title>" in home
    assert 'src="https://cdn.example.com/alpha.svg"' in home
    assert "--brand: #1f4e79;" in other


def test_the_versioned_theme_url_may_be_cached_and_any_other_is_revalidated(store_a, client_for):
    client = client_for(store_a)
    home = client.get("/").content.decode()
    versioned = home.split('href="/theme.css?v=')[1].split('"')[0]

    assert "max-age=86400" in client.get(f"/theme.css?v={versioned}")["Cache-Control"]
    assert "max-age=0" in client.get("/theme.css?v=stale")["Cache-Control"]


def test_the_database_refuses_a_colour_that_is_not_six_hex_digits(store_a):
    with tenant_context(store_a), pytest.raises(IntegrityError), transaction.atomic():
        StoreTheme.objects.create(primary_color="red;}a{", accent_color="#000000")


def test_text_on_the_default_colours_meets_the_contrast_minimum():
    assert contrast_ratio("#1f4e79", "#ffffff") >= 4.5
    assert contrast_ratio("#b8461b", "#ffffff") >= 4.5


def test_the_stores_admin_edits_its_theme(store_a, client_for):
    client = client_for(store_a)
    with tenant_context(store_a):
        owner = User.objects.create_superuser("owner9", "owner9@example.com", "Owner!pass1")
        client.force_login(owner)

    added = client.post(
        "/admin/storefront/storetheme/add/",
        {"display_name": "Alpha", "primary_color": "#123456", "accent_color": "#654321",
         "logo_url": "javascript:alert(1)"},
    )  # fmt: skip
    saved = client.post(
        "/admin/storefront/storetheme/add/",
        {"display_name": "Alpha", "primary_color": "#123456", "accent_color": "#654321",
         "logo_url": "/media/logo.png"},
    )  # fmt: skip

    assert added.status_code == 200  # the form again, with the logo's error
    assert b"Give an https:// address or a path starting with /." in added.content
    assert saved.status_code == 302
    with tenant_context(store_a):
        theme = StoreTheme.objects.get()
    assert (theme.pk, theme.primary_color, theme.logo_url) == (1, "#123456", "/media/logo.png")
    assert client.get("/admin/storefront/storetheme/add/").status_code == 403


def test_placeholder_pictures_follow_the_theme_and_are_revalidated(store_a, client_for):
    client = client_for(store_a)
    first = client.get("/img/product/paper_clip_main_2.jpg")
    unchanged = client.get("/img/product/paper_clip_main_2.jpg", HTTP_IF_NONE_MATCH=first["ETag"])
    with tenant_context(store_a):
        StoreTheme.objects.create(primary_color="#004d40", accent_color="#ff6f00")
    changed = client.get("/img/product/paper_clip_main_2.jpg", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["Content-Type"] == "image/svg+xml"
    assert 'fill="#1f4e79"' in first.content.decode()
    assert ">Paper clip</text>" in first.content.decode()
    assert "no-cache" in first["Cache-Control"]
    assert unchanged.status_code == 304
    assert changed.status_code == 200
    assert 'fill="#004d40"' in changed.content.decode()
