from cartable.core.refus import Refus, interdit
from cartable.pedagogie.agenda import cahier, lecture
from cartable.pedagogie.agenda.services.commun import ServiceAgenda, lire_jour
from cartable.regles import acces
from cartable.regles import agenda as regles_agenda


def eleve_demande(lecteur, ident):
    """The student whose agenda is asked, when the reader may read it; else a refusal without data."""
    eleve = lecteur.annuaire.personne(ident) if lecteur.annuaire is not None and ident else None
    if not lecteur.anonyme and eleve is not None and lecture.peut_lire(lecteur, eleve):
        return eleve
    raise interdit(lecteur)


def enfants_json(lecteur, base):
    return [{"id": e.id, "prenom": e.prenom, "nom": e.nom, "url": f"{base}/@agenda?eleve={e.id}"}
            for e in acces.enfants_visibles(lecteur.annuaire, lecteur.personne)]


class AgendaGet(ServiceAgenda):
    """@agenda?eleve=&du=&au=: a student's agenda; without eleve, one's own or a parent's children."""

    def repondre(self, lecteur):
        form = self.request.form
        ident = form.get("eleve")
        if not ident:
            personne = lecteur.personne
            if personne is not None and personne.categorie == "Eleve":
                ident = personne.id
            elif personne is not None and personne.categorie == "PersRelEleve":
                return {"enfants": enfants_json(lecteur, self.site.absolute_url())}
            else:
                raise interdit(lecteur, "Paramètre eleve attendu.")
        eleve = eleve_demande(lecteur, ident)
        try:
            return lecture.agenda_eleve(self.site, lecteur.annuaire, eleve, cahier.date_du_jour(),
                                        lire_jour(form, "du"), lire_jour(form, "au"), self.site.absolute_url())
        except regles_agenda.SaisieInvalide as exc:
            raise Refus(400, "BadRequest", str(exc)) from None
