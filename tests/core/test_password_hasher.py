"""Passwords are hashed with Argon2id at a cost that fits a request (issue 13.3): its
parameters come from the environment, a cost below OWASP's least stops the settings from
loading, PBKDF2 hashes still verify and are upgraded, and a founder's signup hashes with it.
The test settings keep MD5 for speed; these tests put the production hashers back."""

import pytest
from config.settings.components import passwords
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.core.exceptions import ImproperlyConfigured

from control_plane.signup.services import signup_founder
from tests.control_plane.conftest import signup_data

NAMES = ("ARGON2_TIME_COST", "ARGON2_MEMORY_COST_KIB", "ARGON2_PARALLELISM")
PREFIX = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = passwords.PASSWORD_HASHERS
    settings.ARGON2_TIME_COST, settings.ARGON2_MEMORY_COST_KIB = 2, 19456
    settings.ARGON2_PARALLELISM = 1
    return settings


def test_argon2id_comes_first_and_pbkdf2_after_it():
    assert passwords.PASSWORD_HASHERS[:2] == [
        "core.hashers.ConfiguredArgon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, (2, 19456, 1)),
        ({"ARGON2_TIME_COST": "1", "ARGON2_MEMORY_COST_KIB": "47104"}, (1, 47104, 1)),
        ({"ARGON2_TIME_COST": "3", "ARGON2_MEMORY_COST_KIB": "12288"}, (3, 12288, 1)),
        ({"ARGON2_PARALLELISM": "2"}, (2, 19456, 2)),
    ],
)
def test_the_parameters_come_from_the_environment(monkeypatch, values, expected):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)

    assert passwords.get_argon2_settings() == expected


@pytest.mark.parametrize(
    "values",
    [
        {"ARGON2_TIME_COST": "1"},  # 19 MiB once: below OWASP's m=46 MiB, t=1
        {"ARGON2_MEMORY_COST_KIB": "4096", "ARGON2_TIME_COST": "10"},  # under 7 MiB
        {"ARGON2_TIME_COST": "0"},
        {"ARGON2_PARALLELISM": "0"},
    ],
)
def test_a_cost_below_owasps_least_stops_the_settings(monkeypatch, values):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(ImproperlyConfigured):
        passwords.get_argon2_settings()


def test_a_password_is_hashed_with_the_configured_argon2id(production_hashers):
    encoded = make_password("Plum-Tangerine-77")

    assert encoded.startswith(PREFIX)
    assert check_password("Plum-Tangerine-77", encoded)
    assert not check_password("Plum-Tangerine-78", encoded)


def test_the_cost_follows_the_settings(production_hashers):
    production_hashers.ARGON2_TIME_COST, production_hashers.ARGON2_MEMORY_COST_KIB = 3, 12288

    assert make_password("x").startswith("argon2$argon2id$v=19$m=12288,t=3,p=1$")


def test_a_pbkdf2_hash_still_verifies_and_is_upgraded(production_hashers):
    old = make_password("Plum-Tangerine-77", hasher="pbkdf2_sha256")
    upgraded = []

    assert check_password("Plum-Tangerine-77", old, setter=upgraded.append)
    assert upgraded == ["Plum-Tangerine-77"]  # Django's setter rehashes with the first hasher
    assert identify_hasher(make_password("Plum-Tangerine-77")).algorithm == "argon2"


def test_an_argon2_hash_of_another_cost_is_upgraded_to_this_one(production_hashers):
    production_hashers.ARGON2_TIME_COST = 3
    older = make_password("Plum-Tangerine-77")
    production_hashers.ARGON2_TIME_COST = 2
    upgraded = []

    assert check_password("Plum-Tangerine-77", older, setter=upgraded.append)
    assert upgraded == ["Plum-Tangerine-77"]


@pytest.mark.django_db(databases=["default", "second"])
def test_a_founders_password_is_hashed_with_argon2id_at_signup(production_hashers):
    job = signup_founder(**signup_data("argon-founder"))  # steps wait for a commit never made

    assert job.founder_password_hash.startswith(PREFIX)
    assert check_password("Plum-Tangerine-77", job.founder_password_hash)
