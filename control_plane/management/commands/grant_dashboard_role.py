"""Give a platform user (public schema) a role on the operator dashboard:
`manage.py grant_dashboard_role olga operator` (or `viewer`); `--create` makes the user,
asking for its password on the terminal."""

import getpass

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from control_plane.dashboard.permissions import Role, grant_role


class Command(BaseCommand):
    help = "Make a public-schema user an operator or a viewer of the dashboard."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=[role.value for role in Role])
        parser.add_argument("--create", action="store_true", help="Create the user first.")

    def handle(self, *args, username: str, role: str, create: bool, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            if not create:
                raise CommandError(f"no platform user {username!r} (add --create)")
            password = getpass.getpass(f"Password for {username}: ")
            if not password:
                raise CommandError("a password is needed")
            user = User.objects.create_user(username, password=password)
        grant_role(user=user, role=Role(role))
        self.stdout.write(f"{username} is a dashboard {role}")
