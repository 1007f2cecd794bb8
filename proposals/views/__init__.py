from .comments import *  # noqa: F401,F403
from .initiatives import *  # noqa: F401,F403
from .milestones import *  # noqa: F401,F403
from .pages import *  # noqa: F401,F403
