"""REST of the cahier de textes, the student agenda, the workload and the iCalendar feeds.

Each service checks the access model itself (``cahier.exiger``,
``lecture.peut_lire``) and answers a refusal as ``{"error": {type, message}}``
with its status, never with a student's data. POSTs replay their first answer
under the same Idempotency-Key. JSON only: plone.rest never routes a
cross-site form here, so the CSRF token is not needed.
"""

from datetime import date, timedelta

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from zope.interface import alsoProvides

from cartable.annuaire import acces
from cartable.annuaire.lecteur import Lecteur
from cartable.core import horloge
from cartable.pedagogie.agenda import cahier, lecture
from cartable.core.idempotence import cle_de as cle_idempotence, reponse_connue, retenir
from cartable.core.refus import Refus, interdit
from cartable.core.services.base import ServiceCartable
from cartable.pedagogie.agenda.stockage import faits_pour_ecrire, jetons_pour_ecrire, lire_faits, lire_jetons
from cartable.regles import agenda as regles_agenda
from cartable.regles import cahier_de_textes as regles


def lire_jour(form, nom, defaut=None):
    if not form.get(nom):
        return defaut
    try:
        return date.fromisoformat(form[nom])
    except ValueError:
        raise Refus(400, "BadRequest", f"{nom} : date attendue au format AAAA-MM-JJ.") from None


class _Base(ServiceCartable):
    service = ""

    def arguments(self):
        self.site = api.portal.get()
        return (Lecteur(self.site),)

    def repondre(self, lecteur):
        raise NotImplementedError

    def rejouer(self, reponses, lecteur, faire):
        """The first answer under this Idempotency-Key, or ``faire()``'s, kept for a replay."""
        cle = cle_idempotence(self.request)
        connue = reponse_connue(reponses(False), lecteur.login, cle, self.service)
        if connue is not None:
            self.request.response.setStatus(connue[0])
            return connue[1]
        reponse = faire()
        retenir(reponses(True), lecteur.login, cle, self.service, 200, reponse)
        return reponse


# --- Cahier de textes ({espace}) ---------------------------------------------------------------


class CahierGet(_Base):
    """@cahier-de-textes?du=&au= (four weeks back and two ahead by default)."""

    def repondre(self, lecteur):
        aujourd_hui = cahier.date_du_jour()
        du = lire_jour(self.request.form, "du", aujourd_hui - timedelta(days=28))
        au = lire_jour(self.request.form, "au", aujourd_hui + timedelta(days=14))
        return cahier.lire(self.context, lecteur, du, au)


def reponses_du_cahier(espace):
    """The cahier's store of first answers (per Idempotency-Key), created on the first write."""
    registre = cahier.cahier_de(espace)

    def reponses(ecrire):
        if ecrire:
            registre.entrees_pour_ecrire()
        return registre.reponses

    return reponses


class CahierPost(_Base):
    """POST @cahier-de-textes {cle?, date?, contenu?, travaux?, pieces_jointes?, pieces_retirees?} (its teachers)."""

    service = "@cahier-de-textes"

    def repondre(self, lecteur):
        cahier.exiger_ecriture(lecteur, self.context)
        donnees = self.corps()
        reponses = reponses_du_cahier(self.context)
        return self.rejouer(reponses, lecteur, lambda: cahier.ecrire(self.context, lecteur, donnees))


class HistoriqueGet(_Base):
    """@cahier-de-textes-historique?cle= (its teachers, the direction)."""

    def repondre(self, lecteur):
        return cahier.historique(self.context, lecteur, self.request.form.get("cle"))


class VisaPost(_Base):
    """POST @cahier-de-textes-visa {"au": "AAAA-MM-JJ"} (the direction)."""

    service = "@cahier-de-textes-visa"

    def repondre(self, lecteur):
        donnees = self.corps()
        au = lire_jour(donnees, "au")
        if au is None:
            raise Refus(400, "BadRequest", "au : date attendue au format AAAA-MM-JJ.")
        reponses = reponses_du_cahier(self.context)
        return self.rejouer(reponses, lecteur, lambda: cahier.viser(self.context, lecteur, au))


# --- Agenda ({site}) --------------------------------------------------------------------------------


def eleve_demande(lecteur, ident):
    """The student whose agenda is asked, when the reader may read it; else a refusal without data."""
    eleve = lecteur.annuaire.personne(ident) if lecteur.annuaire is not None and ident else None
    if not lecteur.anonyme and eleve is not None and lecture.peut_lire(lecteur, eleve):
        return eleve
    raise interdit(lecteur)


def enfants_json(lecteur, base):
    return [{"id": e.id, "prenom": e.prenom, "nom": e.nom, "url": f"{base}/@agenda?eleve={e.id}"}
            for e in acces.enfants_visibles(lecteur.annuaire, lecteur.personne)]


class AgendaGet(_Base):
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


def cocher(site, lecteur, donnees):
    """The student ticks (or unticks) one of their work items."""
    eleve_id = donnees.get("eleve") or (lecteur.personne.id if lecteur.personne is not None else None)
    personne = lecteur.personne
    if personne is None or personne.categorie != "Eleve" or personne.id != eleve_id:
        raise interdit(lecteur, "Seul l'élève coche son travail.")
    travail = donnees.get("travail")
    fait = donnees.get("fait")
    if not isinstance(travail, str) or not isinstance(fait, bool):
        raise Refus(400, "BadRequest", "{\"travail\": identifiant, \"fait\": true|false} attendu.")
    if not lecture.travail_de_l_eleve(site, lecteur.annuaire, personne, travail):
        raise Refus(404, "NotFound", "Ce travail n'est pas dans votre agenda.")
    faits_pour_ecrire(site).cocher(personne.id, travail, fait)
    return {"eleve": personne.id, "travail": travail, "fait": fait}


class AgendaPost(_Base):
    """POST @agenda {"travail", "fait", "eleve"}: the student only."""

    service = "@agenda"

    def repondre(self, lecteur):
        personne = lecteur.personne
        if personne is None or personne.categorie != "Eleve":
            raise interdit(lecteur, "Seul l'élève coche son travail.")
        donnees = self.corps()

        def reponses(ecrire):
            return faits_pour_ecrire(self.site).reponses if ecrire else getattr(lire_faits(self.site), "reponses", None)

        return self.rejouer(reponses, lecteur, lambda: cocher(self.site, lecteur, donnees))


# --- Charge de travail ({etab}) --------------------------------------------------------------------


class ChargeGet(_Base):
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


# --- iCalendar feed tokens ({site}) ------------------------------------------------------------------


def _titulaire(lecteur):
    if lecteur.personne is None:
        raise interdit(lecteur, "Le flux d'agenda est celui d'une personne de l'annuaire.")
    return lecteur.personne


class JetonGet(_Base):
    """@agenda-jeton: whether one's feed exists (its URL is shown once, when made: only its hash is kept)."""

    def repondre(self, lecteur):
        personne = _titulaire(lecteur)
        jetons = lire_jetons(self.site)
        empreinte = jetons.par_personne.get(personne.id) if jetons is not None else None
        cree_le = jetons.par_empreinte[empreinte][1] if empreinte is not None else None
        return {"actif": empreinte is not None, "cree_le": cree_le, "url": None,
                "message": "L'adresse du flux n'est affichée qu'à sa création ; créez-en une nouvelle si vous l'avez perdue."
                if empreinte is not None else "Aucun flux d'agenda."}


class JetonPost(_Base):
    """POST @agenda-jeton: a new feed URL (the old one stops working)."""

    service = "@agenda-jeton"

    def repondre(self, lecteur):
        personne = _titulaire(lecteur)
        alsoProvides(self.request, IDisableCSRFProtection)
        secret = regles_agenda.jeton()
        quand = horloge.instant().isoformat(timespec="seconds")
        jetons_pour_ecrire(self.site).remplacer(personne.id, regles.empreinte_jeton(secret), quand)
        return {"actif": True, "cree_le": quand, "url": f"{self.site.absolute_url()}/@@agenda.ics?jeton={secret}"}


class JetonDelete(_Base):
    """DELETE @agenda-jeton: the feed URL stops working."""

    def repondre(self, lecteur):
        personne = _titulaire(lecteur)
        alsoProvides(self.request, IDisableCSRFProtection)
        jetons = lire_jetons(self.site)
        revoque = jetons.revoquer(personne.id) if jetons is not None and personne.id in jetons.par_personne else False
        return {"actif": False, "revoque": revoque}
