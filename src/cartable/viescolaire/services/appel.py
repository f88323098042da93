"""REST: @appel/<clé> (GET, POST), @appels?date=, @emploi-du-temps on an establishment."""

from datetime import date, timedelta

from plone import api

from cartable.annuaire import acces
from cartable.annuaire.services.base import ServiceEtablissement, ServiceEtablissementAvecCle
from cartable.viescolaire import appels, declarations, dispenses, emploi, idempotence, suivi
from cartable.viescolaire import services_absences as absences_service
from cartable.viescolaire import mes_classes
from cartable.viescolaire.absences import alertes as absences_alertes
from cartable.viescolaire.stockage import lire_vie_scolaire, vie_scolaire_pour_ecrire
from cartable.core import horloge
from cartable.core.refus import Refus


class AppelGet(ServiceEtablissementAvecCle):
    def repondre(self, lecteur, annuaire, structure):
        vs = lire_vie_scolaire(self.context)
        occurrence = appels.occurrence_visible(vs, annuaire, structure, self.cle(), lecteur)
        return appels.fiche(vs, annuaire, structure, occurrence, lecteur, self.context.absolute_url())


class AppelPost(ServiceEtablissementAvecCle):
    def repondre(self, lecteur, annuaire, structure):
        occurrence = appels.occurrence_visible(lire_vie_scolaire(self.context), annuaire, structure, self.cle(), lecteur)
        donnees = self.corps()
        return appels.enregistrer(
            vie_scolaire_pour_ecrire(self.context), annuaire, structure, occurrence, lecteur, donnees,
            self.request.getHeader("Idempotency-Key"), self.context.absolute_url(),
        )


class AppelsGet(ServiceEtablissement):
    """@appels?date=AAAA-MM-JJ (today by default)"""

    def repondre(self, lecteur, annuaire, structure):
        try:
            jour = date.fromisoformat(self.request.form.get("date") or horloge.maintenant().date().isoformat())
        except ValueError:
            raise Refus(400, "BadRequest", "date attendue au format AAAA-MM-JJ.") from None
        vs = lire_vie_scolaire(self.context)
        reponse = appels.appels_du_jour(vs, annuaire, structure, jour, lecteur, self.context.absolute_url())
        classes = mes_classes.classes_filtre(vs, lecteur, structure, self.request.form)  # ?mes_classes=1
        return reponse if classes is None else mes_classes.filtrer_appels(reponse, annuaire, structure, classes)


class EmploiDuTempsGet(ServiceEtablissement):
    """@emploi-du-temps?eleve=|enseignant=|division=|salle= &du=&au= (the current week by default)"""

    def repondre(self, lecteur, annuaire, structure):
        form = self.request.form
        try:
            du = date.fromisoformat(form["du"]) if form.get("du") else None
            au = date.fromisoformat(form["au"]) if form.get("au") else None
        except ValueError:
            raise Refus(400, "BadRequest", "du et au attendus au format AAAA-MM-JJ.") from None
        if du is None:
            du = horloge.maintenant().date() - timedelta(days=horloge.maintenant().weekday())
        au = au or du + timedelta(days=6)
        if (au - du).days > 62:
            raise Refus(400, "BadRequest", "Période limitée à deux mois.")
        return emploi.emploi_du_temps(lire_vie_scolaire(self.context), annuaire, structure, lecteur, form, du, au)


class AbsencesGet(ServiceEtablissement):
    """@absences?eleve=&du=&au=: a student's marks with their motives, and the half-day count."""

    def repondre(self, lecteur, annuaire, structure):
        vs = lire_vie_scolaire(self.context)
        du, au = absences_service.periode(vs, self.request.form)
        return absences_service.lire(vs, annuaire, structure, lecteur, self.request.form.get("eleve"), du, au)


class AbsencesPost(ServiceEtablissement):
    """POST @absences {"eleve", "cles": [...], "motif"}: the vie scolaire gives absences a motive."""

    def repondre(self, lecteur, annuaire, structure):
        return absences_service.motiver(self.context, vie_scolaire_pour_ecrire, annuaire, structure, lecteur, self.corps())


class DeclarationsGet(ServiceEtablissement):
    """@declarations?eleve= (a family's, the vie scolaire's) or ?statut=a_traiter (the vie scolaire's list)."""

    def repondre(self, lecteur, annuaire, structure):
        vs = lire_vie_scolaire(self.context)
        reponse = declarations.lister(vs, annuaire, structure, lecteur, self.request.form)
        classes = mes_classes.classes_filtre(vs, lecteur, structure, self.request.form)  # ?mes_classes=1
        return reponse if classes is None else mes_classes.filtrer_declarations(reponse, annuaire, structure, classes)


class DeclarationsPost(ServiceEtablissementAvecCle):
    """POST @declarations (a parent declares) or @declarations/<id> {"decision", "raison"} (any CPE treats it)."""

    def repondre(self, lecteur, annuaire, structure):
        donnees = self.corps()
        if self.cle():
            return declarations.traiter(lire_vie_scolaire(self.context), structure, lecteur, self.cle(), donnees)
        reponse = declarations.declarer(vie_scolaire_pour_ecrire(self.context), annuaire, structure, lecteur, donnees)
        self.request.response.setStatus(201)
        return reponse


class MotifsGet(ServiceEtablissement):
    """@motifs: the establishment's motives (families get those they may use or see)."""

    def repondre(self, lecteur, annuaire, structure):
        if not (lecteur.admin or acces.membre_etablissement(annuaire, lecteur.personne, structure)):
            raise Refus(401 if lecteur.anonyme else 403, "Unauthorized", "Réservé aux membres de l'établissement.")
        vs = lire_vie_scolaire(self.context)
        tout = lecteur.est_vie_scolaire(structure) or (
            lecteur.personne is not None and lecteur.personne.categorie == "PersEducNat"
        )
        items = [
            {"code": code, **dict(m)}
            for code, m in (vs.motifs.items() if vs is not None else ())
            if tout or m["utilisable_familles"] or m["visible_familles"]
        ]
        return {"items": items}


class AlertesGet(ServiceEtablissement):
    """@alertes?du=&au=: students with 4+ non justifiées half-days in a month (vie scolaire)."""

    def repondre(self, lecteur, annuaire, structure):
        lecteur.exiger_vie_scolaire(structure, "Réservé à la vie scolaire et à la direction.")
        vs = lire_vie_scolaire(self.context)
        du, au = absences_service.periode(vs, self.request.form)
        reponse = {"du": du.isoformat(), "au": au.isoformat(), "items": absences_alertes(vs, annuaire, structure, du, au)}
        classes = mes_classes.classes_filtre(vs, lecteur, structure, self.request.form)  # ?mes_classes=1
        return reponse if classes is None else mes_classes.filtrer_alertes(reponse, classes)


class DispensesGet(ServiceEtablissement):
    """@dispenses?eleve="""

    def repondre(self, lecteur, annuaire, structure):
        return dispenses.lister(lire_vie_scolaire(self.context), annuaire, structure, lecteur, self.request.form.get("eleve"))


class DispensesPost(ServiceEtablissement):
    """POST @dispenses {"eleve", "matiere", "du", "au", "motif"} (vie scolaire)"""

    def repondre(self, lecteur, annuaire, structure):
        return dispenses.ajouter(vie_scolaire_pour_ecrire(self.context), annuaire, structure, lecteur, self.corps())


class SuiviGet(ServiceEtablissement):
    """@suivi?eleve=&genre=&du=&au=&etablissement=: the student's timeline in every establishment and year (see suivi.py)."""

    def repondre(self, lecteur, annuaire, structure):
        return suivi.lire(api.portal.get(), annuaire, structure, lecteur, self.request.form)


class SuiviPost(ServiceEtablissement):
    """POST @suivi {"eleve", "code", "texte", "evenement"?}: a confidential follow-up note (Idempotency-Key: a replay gets the first answer)."""

    def repondre(self, lecteur, annuaire, structure):
        cle = idempotence.cle_de(self.request)
        connue = idempotence.reponse_connue(lire_vie_scolaire(self.context), lecteur.login, cle, "@suivi")
        if connue is not None:
            self.request.response.setStatus(connue[0])
            return connue[1]
        # checks first, with the factory: a refused POST creates nothing
        reponse = suivi.noter(self.context, vie_scolaire_pour_ecrire, annuaire, structure, lecteur, self.corps())
        idempotence.retenir(vie_scolaire_pour_ecrire(self.context), lecteur.login, cle, "@suivi", 200, reponse)
        return reponse
