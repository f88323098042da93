"""REST on a Devoir: @rendu, @rendu-fichier, @correction, @rendus-zip (thin: the work is in rendus, correction, archive).

Each service checks who asks from the directory (``acces.Acces``); a refusal
is ``{"error": {"type", "message"}}`` in French and dooms the transaction, so
nothing half-done is ever committed.
"""

from Acquisition import aq_base
from plone import api
from cartable.core import horloge, idempotence
from cartable.core.refus import Conflit, Refus
from cartable.core.services.base import ServiceCartable, refuser
from cartable.pedagogie.devoirs import archive, correction, rendus
from cartable.pedagogie.devoirs.acces import Acces
from cartable.regles import devoirs as regles

ATTRIBUT = "reponses_idempotentes"  # on a Rendu or a Devoir: (login, key) → first answer


class _Base(ServiceCartable):
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


class RenduGet(_Base):
    """@rendu: the current student's own hand-in (« non rendu » when none)."""

    def repondre(self, acces):
        acces.exiger_eleve()
        return rendus.fiche(acces, horloge.instant())


class RenduPost(_Base):
    """POST @rendu {"fichiers": [{"nom", "contenu"}], "texte", "retirer": [noms], "remettre"} (the space's students)."""

    def repondre(self, acces):
        acces.exiger_eleve()
        donnees = self.corps()

        def faire():
            reponse = rendus.modifier(acces, donnees, horloge.instant())
            return 200, reponse, rendus.rendu_de(self.context, acces.qui)

        # the answers are kept on the student's own Rendu: students never write to a shared object for this
        return self.rejouer_ou(rendus.rendu_de(self.context, acces.qui), acces.lecteur.login, "@rendu", faire)


class RenduFichierGet(_Base):
    """@rendu-fichier?eleve=&nom=: one file of a hand-in (its student; the space's teachers; the direction)."""

    def repondre(self, acces):
        form = self.request.form
        fichier = rendus.fichier(acces, form.get("eleve"), form.get("nom"))
        return envoyer(self, fichier, fichier.contentType or "application/octet-stream")


def envoyer(service, fichier, type_mime):
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


class CorrectionGet(_Base):
    """@correction: the marking table (the space's teachers; the direction, read only)."""

    def repondre(self, acces):
        acces.exiger_lecture_des_rendus()
        return correction.tableau(acces, horloge.instant())


class CorrectionPost(_Base):
    """POST @correction {"action": corriger|restituer|rouvrir|restituer_tout|prolonger, ...} (the space's teachers)."""

    def repondre(self, acces):
        acces.exiger_enseignant()
        donnees = self.corps()

        def faire():
            return 200, correction.agir(acces, donnees, horloge.instant()), self.context

        return self.rejouer_ou(self.context, acces.lecteur.login, "@correction", faire)


class RendusZipPost(_Base):
    """POST @rendus-zip: queue the zip's build; 202 {"job", "suivi"}."""

    def repondre(self, acces):
        acces.exiger_lecture_des_rendus()
        job = archive.lancer(self.context, acces.lecteur.login, idempotence.cle_de(self.request))
        self.request.response.setStatus(202)
        return {"job": job, "suivi": f"{api.portal.get().absolute_url()}/@cartable-tasks/{job}"}


class RendusZipGet(_Base):
    """@rendus-zip: the last zip built (404 when none yet)."""

    def repondre(self, acces):
        acces.exiger_lecture_des_rendus()
        dernier = archive.dernier_zip(self.context)
        if dernier is None:
            raise Refus(404, "NotFound", "Aucun zip des rendus n'a encore été préparé : lancez sa préparation.")
        return envoyer(self, dernier["fichier"], "application/zip")
