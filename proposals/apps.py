from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        # Workers record each periodic task's last run and every task failure for the status page.
        from .operations import recording

        recording.connect()
