"""What the endpoints on a Devoir share (@rendu, @rendu-fichier, @correction, @rendus-zip).

Each service checks who asks from the directory (``acces.Acces``); a refusal
is ``{"error": {"type", "message"}}`` in French and dooms the transaction, so
nothing half-done is ever committed. The work is in rendus, correction, archive.
"""

from Acquisition import aq_base

from cartable.core import idempotence
from cartable.core.refus import Conflit
from cartable.core.services.base import ServiceCartable, refuser
from cartable.pedagogie.devoirs.acces import Acces
from cartable.regles import devoirs as regles

ATTRIBUT = "reponses_idempotentes"  # on a Rendu or a Devoir: (login, key) → first answer


class ServiceDevoir(ServiceCartable):
    """Answers ``repondre(acces)``; ``rejouer_ou`` replays a POST's first answer."""

    def arguments(self):
        return (Acces(self.context),)

    def reply(self):
        try:
            return super().reply()
        except regles.DevoirInvalide as exc:  # dates made inconsistent elsewhere (the standard edit form)
            return refuser(self.request, Conflit(f"Ce devoir est mal paramétré : {exc}"))

    def repondre(self, acces):
        raise NotImplementedError

    def rejouer_ou(self, stockage, login, service, faire):
        """Idempotency-Key: the first answer again for a replay, else ``faire()`` kept under (login, key)."""
        cle = idempotence.cle_de(self.request)
        connue = idempotence.reponse_connue(idempotence.lire_magasin(aq_base(stockage), ATTRIBUT), login, cle, service) if stockage is not None else None
        if connue is not None:
            self.request.response.setStatus(connue[0])
            return connue[1]
        statut, reponse, stockage = faire()
        if login and cle:
            idempotence.retenir(idempotence.magasin(aq_base(stockage), ATTRIBUT), login, cle, service, statut, reponse)
        self.request.response.setStatus(statut)
        return reponse


def envoyer(service, fichier, type_mime):
    """A stored file as the answer (a download, never shown inline)."""
    reponse = service.request.response
    reponse.setHeader("Content-Type", type_mime)
    nom = fichier.filename.replace('"', "")
    reponse.setHeader("Content-Disposition", f"attachment; filename*=UTF-8''{_quote(nom)}")
    reponse.setHeader("Cache-Control", "private, no-store")
    reponse.setHeader("X-Content-Type-Options", "nosniff")
    reponse.setBody(fichier.data)
    return service.corps_deja_ecrit()  # the body is the file, not JSON


def _quote(nom):
    from urllib.parse import quote

    return quote(nom, safe="")
