from cartable.annuaire.bureau.services.heures_calmes.get import en_clair
from cartable.annuaire.courriels import ecrire_heures_calmes
from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core.refus import RequeteInvalide, interdit
from cartable.regles import acces
from cartable.regles import envoi_notifications as envoi


class HeuresCalmesPost(ServiceEtablissement):
    """POST @heures-calmes {"debut": "20:00", "fin": "07:00"}: the direction sets its establishment's quiet hours."""

    def repondre(self, lecteur, annuaire, structure):
        if not (lecteur.admin or acces.est_direction(lecteur.personne, structure)):
            raise interdit(lecteur, "Réservé à la direction de l'établissement.")
        try:
            debut, fin = envoi.valider_heures_calmes(self.corps())
        except envoi.PreferenceInvalide as refus:
            raise RequeteInvalide(str(refus)) from None
        ecrire_heures_calmes(self.context, debut, fin)
        return en_clair(debut, fin)
