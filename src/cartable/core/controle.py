"""Contrôle du site: a small real task that proves the queue works end to end.

It runs in the site as the user who asked, reports progress at each step and
stores a trace on the site (so the commit is visible from outside).
"""

import time

from AccessControl import getSecurityManager
from zope.annotation.interfaces import IAnnotations

from cartable.core.tasks import cartable_task

TRACE_KEY = "cartable.core.controle"
MAX_STEPS = 100


# Site administrators (not only Managers) may run it: "Plone Site Setup: Overview".
@cartable_task(permission="plone.app.controlpanel.Overview", title="Contrôle du site", public=True)
def controle_site(site, progress, etapes=5, pause=0.05):
    etapes = max(1, min(int(etapes), MAX_STEPS))
    pause = max(0.0, min(float(pause), 1.0))
    user = getSecurityManager().getUser()
    for etape in range(1, etapes + 1):
        time.sleep(pause)
        progress(etape, etapes, f"étape {etape}/{etapes}")
    trace = {
        "etapes": etapes,
        "utilisateur": user.getId(),
        "gestionnaire": bool(getSecurityManager().checkPermission("Manage portal", site)),
        "date": time.time(),
    }
    IAnnotations(site)[TRACE_KEY] = trace
    return trace


def derniere_trace(site):
    """The trace of the last completed control, or None."""
    return IAnnotations(site).get(TRACE_KEY)
