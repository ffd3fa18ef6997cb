import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pasarlokal.settings.dev")

application = get_wsgi_application()

# Everything loaded so far (Django, Wagtail, the URL and template caches) lives as long as the
# process: keep it out of the garbage collector's full passes, which otherwise walk those
# hundreds of thousands of objects again and again under load (about 7% of an uncached render).
gc.freeze()
