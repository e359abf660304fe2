from shop.clientevents.models import Configuration


def seed_clientevents() -> None:
    Configuration.objects.get_or_create(
        pk=Configuration.SINGLETON_ID, defaults={"log_client_events": True}
    )
