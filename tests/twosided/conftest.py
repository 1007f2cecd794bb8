"""What the tests of the two sides share: a Monday morning in Seoul and an owner for Japan."""

import pytest
import time_machine

from tests import factories
from tests.twosided.moments import NOW


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def japanese_owner(world):
    """owner.ito, from Japan, owns the world's initiative for Japan (beside owner.choi for Korea)."""
    owner = factories.UserFactory(username="owner.ito", country="JP")
    factories.InitiativeOwnerFactory(initiative=world.initiative, user=owner, side="JP")
    return owner
