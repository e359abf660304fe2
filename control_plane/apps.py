from django.apps import AppConfig


class ControlPlaneConfig(AppConfig):
    name = "control_plane"
    default_auto_field = "django.db.models.BigAutoField"
