"""Who may read the impact numbers."""

from marketplace.scoping import can_manage_all_sellers

VIEW_DASHBOARD = "impact.view_impact_dashboard"


def can_view_impact(user):
    """Editors: people who manage every seller, or who were given the impact permission."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (can_manage_all_sellers(user) or user.has_perm(VIEW_DASHBOARD))
    )
