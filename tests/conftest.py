import pytest

from tests import factories


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def group(db):
    return factories.WorkingGroupFactory(name="Economic Security", slug="economic-security")
