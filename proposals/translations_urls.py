"""Site addresses of translations (included by ``proposals.urls``, namespace ``proposals``)."""

from django.urls import URLPattern, path

from .views import translations

urlpatterns: list[URLPattern] = [
    path(
        "initiatives/<initiative_slug:slug>/translations/",
        translations.initiative_translations,
        name="initiative-translations",
    ),
    path(
        "initiatives/<initiative_slug:slug>/translations/<str:language>/",
        translations.translation_edit,
        name="translation-edit",
    ),
    path(
        "initiatives/<initiative_slug:slug>/translations/<str:language>/confirm/",
        translations.translation_confirm,
        name="translation-confirm",
    ),
    path(
        "initiatives/<initiative_slug:slug>/milestones/<int:pk>/translations/<str:language>/",
        translations.milestone_translation_edit,
        name="milestone-translation-edit",
    ),
    path(
        "initiatives/<initiative_slug:slug>/milestones/<int:pk>/translations/<str:language>/confirm/",
        translations.milestone_translation_confirm,
        name="milestone-translation-confirm",
    ),
    path("translations/review/", translations.translations_review, name="translations-review"),
    path("glossary/", translations.glossary_list, name="glossary"),
    path("glossary/new/", translations.glossary_create, name="glossary-create"),
    path("glossary/<int:pk>/", translations.glossary_edit, name="glossary-edit"),
]
