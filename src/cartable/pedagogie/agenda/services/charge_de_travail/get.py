from datetime import timedelta

from cartable.core.refus import Refus, interdit
from cartable.pedagogie.agenda import cahier, lecture
from cartable.pedagogie.agenda.services.commun import ServiceAgenda, lire_jour
from cartable.regles import acces


class ChargeGet(ServiceAgenda):
    """@charge-de-travail?division=&du=&au=&sans=: minutes and evaluations due per day, with the alert."""

    def repondre(self, lecteur):
        form = self.request.form
        structure = self.context.jointure
        division = form.get("division")
        if not division:
            raise Refus(400, "BadRequest", "Paramètre division attendu.")
        autorise = lecteur.admin or acces.est_vie_scolaire(lecteur.personne, structure) or acces.enseigne(
            lecteur.annuaire, lecteur.personne, structure, division)
        if not autorise:
            raise interdit(lecteur, "Réservé aux enseignants de la classe et à la vie scolaire.")
        aujourd_hui = cahier.date_du_jour()
        du = lire_jour(form, "du", aujourd_hui)
        au = lire_jour(form, "au", du + timedelta(days=13))
        if au < du or (au - du).days > lecture.CHARGE_MAX_JOURS:
            raise Refus(400, "BadRequest", f"Période invalide (au plus {lecture.CHARGE_MAX_JOURS} jours, du avant au).")
        return lecture.charge(self.site, lecteur.annuaire, structure, division, du, au, form.get("sans"))
