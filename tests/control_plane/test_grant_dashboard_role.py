"""`manage.py grant_dashboard_role` makes a platform user an operator or a viewer."""

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from control_plane.dashboard.permissions import Role, get_role

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_a_viewer_becomes_an_operator_and_holds_one_role(capsys):
    user = User.objects.create_user("olga", password="x")
    call_command("grant_dashboard_role", "olga", "viewer")
    assert get_role(user) is Role.VIEWER

    call_command("grant_dashboard_role", "olga", "operator")

    user = User.objects.get(username="olga")
    assert get_role(user) is Role.OPERATOR
    assert sorted(user.groups.values_list("name", flat=True)) == ["operator"]
    assert capsys.readouterr().out.splitlines()[-1] == "olga is a dashboard operator"


def test_an_unknown_user_is_refused_without_create():
    with pytest.raises(CommandError, match="no platform user 'nobody'"):
        call_command("grant_dashboard_role", "nobody", "viewer")
