"""gunicorn settings for Pasar Lokal: `gunicorn -c deploy/gunicorn.conf.py pasarlokal.wsgi`.

Environment: GUNICORN_BIND (default 127.0.0.1:8000, behind nginx), GUNICORN_WORKERS
(default 2 × CPUs + 1), GUNICORN_TIMEOUT (seconds, default 30).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# nginx is the only client; the app reads the visitor's address with TRUSTED_PROXIES itself.
forwarded_allow_ips = "127.0.0.1"
# gunicorn 27's runtime control socket is not used; off, so two instances never share its path.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
wsgi_app = "pasarlokal.wsgi:application"
