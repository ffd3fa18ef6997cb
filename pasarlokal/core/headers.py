"""Security headers chosen by path: a strict Content-Security-Policy for the public site, a looser
one only for Wagtail's admin (which needs inline scripts and styles), and a Permissions-Policy.

Public pages may not be framed (CSP ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``);
admin pages may be framed by the admin itself (previews): ``'self'`` and ``SAMEORIGIN``.
"""

from csp.middleware import CSPMiddleware, PolicyParts

from django.conf import settings


def is_admin_path(path):
    return path.startswith(tuple(getattr(settings, "CSP_ADMIN_PATH_PREFIXES", ("/admin/",))))


class SecurityHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            replace = dict(getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN_REPLACE", {}))
            replace.update(parts.replace or {})
            return PolicyParts(parts.config, parts.update, replace, parts.nonce)
        return parts

    def process_response(self, request, response):
        if is_admin_path(request.path_info) and "X-Frame-Options" not in response:
            response["X-Frame-Options"] = "SAMEORIGIN"
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return super().process_response(request, response)
