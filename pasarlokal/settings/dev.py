from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)  # noqa: F405
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me-0123456789-abcdefghij"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS + ["testserver", "0.0.0.0"]  # noqa: F405
