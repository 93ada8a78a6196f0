from django.apps import AppConfig


class ClientsConfig(AppConfig):
    """The reference clients served by the project: the offline reader and the clinic embed."""

    name = "clients"
    verbose_name = "Reader and embed"
