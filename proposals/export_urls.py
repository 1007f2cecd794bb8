"""CSV and Excel exports, included at the root of ``proposals.urls`` (namespace ``proposals``): ``views/exports.py``."""

from django.urls import path, register_converter
from django.urls.converters import StringConverter

from .views import exports


class ExportFormatConverter(StringConverter):
    """The formats an export is written in; any other extension is a 404."""

    regex = r"csv|xlsx"


register_converter(ExportFormatConverter, "export_format")

urlpatterns = [
    path("initiatives/export.<export_format:fmt>", exports.initiative_list_export, name="initiative-list-export"),
    path(
        "initiatives/<initiative_slug:slug>/milestones/export.<export_format:fmt>",
        exports.initiative_milestones_export,
        name="initiative-milestones-export",
    ),
    path(
        "initiatives/<initiative_slug:slug>/readings/export.<export_format:fmt>",
        exports.initiative_readings_export,
        name="initiative-readings-export",
    ),
    path(
        "initiatives/<initiative_slug:slug>/activity/export.<export_format:fmt>",
        exports.initiative_activity_export,
        name="initiative-activity-export",
    ),
    path(
        "groups/<slug:slug>/activity/export.<export_format:fmt>",
        exports.group_activity_export,
        name="group-activity-export",
    ),
]
