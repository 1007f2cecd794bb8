from tests import factories


def test_initiative_factory_builds_a_saved_initiative(db):
    initiative = factories.InitiativeFactory()
    assert initiative.pk is not None
