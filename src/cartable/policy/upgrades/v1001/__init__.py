"""1000 → 1001: logins last a working day (plone.session timeout 10 h, refresh on)."""

from cartable.policy.session import regler_session


def session_journee(setup_tool):
    regler_session(setup_tool.aq_parent.acl_users.session)
