from intake.sources.admin import *  # noqa: F401,F403
