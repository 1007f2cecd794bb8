from .actions import *  # noqa: F401,F403
from .pages import *  # noqa: F401,F403
