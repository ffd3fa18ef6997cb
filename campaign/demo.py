"""Demo content for this part of the site, called by `manage.py seed_demo`. Must be idempotent."""


def seed(ctx):
    pass
