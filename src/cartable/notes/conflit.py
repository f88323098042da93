"""A grade or council save still in conflict after Zope's retries: a 503 in French with ``Retry-After``, not a 500.

Two people writing the same student's fiche at the same instant, again on each of Zope's three retries (or
two classes' first fiches splitting one bucket of the tree four times in a row), is rare but possible.
The transaction was aborted, so nothing of the batch is written; the answer says so, and the page's outbox
(cartable.commun) keeps the batch and sends it again after the wait. Any other request's ConflictError goes
to Plone's usual view, as before.
"""

import json

from cartable.core.indisponible import RETRY_AFTER, VueIndisponible

SERVICES = ("@saisie-notes", "@conseil", "@saisie-competences")
MESSAGE = ("Enregistrement refusé : d'autres saisies ont été faites au même instant. Rien n'a été enregistré ; "
           "votre saisie est gardée et renvoyée dans quelques secondes.")


def service_des_notes(chemin: str | None) -> bool:
    return (chemin or "").rstrip("/").rsplit("/", 1)[-1] in SERVICES


class VueConflit(VueIndisponible):
    """``index.html`` for ZODB's ConflictError (configure.zcml), once ZPublisher has no retry left."""

    def __call__(self):
        if not service_des_notes(self.request.environ.get("PATH_INFO")):
            return self._vue_ordinaire()()
        self.request.environ["plone.transformchain.disable"] = True
        response = self.request.response
        response.setStatus(503, lock=True)  # plone.transformchain would set the exception's status (500)
        response.setHeader("Content-Type", "application/json; charset=utf-8")
        response.setHeader("Retry-After", str(RETRY_AFTER))
        response.setHeader("Cache-Control", "no-store")
        return json.dumps({"error": {"type": "SaisiesSimultanees", "message": MESSAGE}}, ensure_ascii=False)
