"""REST on an establishment: free spaces (club, CDI, projet) with chosen members.

- GET  {etab}/@espaces-libres: the establishment's free spaces;
- POST {etab}/@espaces-libres {"titre", "editeurs": [ids], "membres": [ids]}: a new one (201);
- POST {etab}/@espaces-libres {"espace": id, "titre"?, "editeurs"?, "membres"?}: change one (200).

The direction of the establishment and the regional administrators only.
Every id is checked against the directory before anything is written:
editors are staff of the establishment, members its students; the French
error lists each id refused, and nothing is created. An ``Idempotency-Key``
replays the first answer (kept on the establishment, per login and key).
Who may do what inside comes from the space's lists (cartable.pedagogie.droits).
"""

from BTrees.OOBTree import OOBTree
from plone import api
from zope.annotation.interfaces import IAnnotations

from cartable.annuaire import acces
from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core import idempotence
from cartable.core.refus import Refus
from cartable.annuaire.registre import normaliser
from cartable.pedagogie import espaces
from cartable.pedagogie.content.espace import IEspaceCours

CLE_REPONSES = "cartable.pedagogie.espaces_libres.reponses"
TITRE_MAX = 200


def exiger_gestionnaire(lecteur, structure):
    if lecteur.anonyme:
        raise Refus(401, "Unauthorized", "Connectez-vous pour gérer les espaces libres.")
    if not (lecteur.admin or acces.est_direction(lecteur.personne, structure)):
        raise Refus(403, "Forbidden", "Seules la direction de l'établissement et l'administration régionale gèrent les espaces libres.")


def eleve_de_l_etablissement(personne, structure):
    return structure in personne.rattachements or any(s == structure for s, _ in personne.classes)


def verifier_ids(annuaire, structure, editeurs, membres) -> list:
    """The French reasons why some ids are refused (empty: all fine)."""
    erreurs = []
    inconnus = [i for i in list(editeurs) + list(membres) if annuaire.personne(i) is None or not annuaire.personne(i).actif]
    if inconnus:
        erreurs.append("identifiants inconnus de l'annuaire : " + ", ".join(inconnus))
    pas_personnels = [i for i in editeurs if i not in inconnus and not acces.est_personnel(annuaire.personne(i), structure)]
    if pas_personnels:
        erreurs.append("animateurs qui ne sont pas des personnels de l'établissement : " + ", ".join(pas_personnels))
    pas_eleves = [i for i in membres if i not in inconnus and not (
        annuaire.personne(i).categorie == "Eleve" and eleve_de_l_etablissement(annuaire.personne(i), structure))]
    if pas_eleves:
        erreurs.append("membres qui ne sont pas des élèves de l'établissement : " + ", ".join(pas_eleves))
    return erreurs


def liste_d_ids(donnees, nom, requis):
    valeur = donnees.get(nom)
    if valeur is None and not requis:
        return None
    if not isinstance(valeur, list) or not all(isinstance(i, str) and i for i in valeur):
        raise Refus(400, "BadRequest", f"« {nom} » : une liste d'identifiants de l'annuaire est attendue.")
    return list(dict.fromkeys(valeur))


def lire_titre(donnees, requis):
    titre = donnees.get("titre")
    if titre is None and not requis:
        return None
    if not isinstance(titre, str) or not titre.strip() or len(titre) > TITRE_MAX:
        raise Refus(400, "BadRequest", f"« titre » : un texte non vide d'au plus {TITRE_MAX} caractères est attendu.")
    return titre.strip()


def fiche(espace):
    return {"@id": espace.absolute_url(), "id": espace.getId(), "titre": espace.Title(),
            "editeurs": list(espace.editeurs or ()), "membres": list(espace.membres or ())}


def espaces_libres(etablissement):
    return [o for o in etablissement.objectValues() if IEspaceCours.providedBy(o) and o.libre]


def creer(etablissement, titre, editeurs, membres):
    base = normaliser(titre).replace(" ", "-") or "espace"
    identifiant, rang = base, 1
    while identifiant in etablissement.objectIds():
        rang += 1
        identifiant = f"{base}-{rang}"
    with api.env.adopt_roles(["Manager"]):
        espace = api.content.create(container=etablissement, type="EspaceCours", id=identifiant, title=titre,
                                    libre=True, genre="libre", editeurs=editeurs, membres=membres, safe_id=False)
        espaces.creer_cahier(espace)
    return espace


class _Service(ServiceEtablissement):
    def arguments(self):
        lecteur, annuaire, structure = super().arguments()
        exiger_gestionnaire(lecteur, structure)
        return lecteur, annuaire, structure


class EspacesLibresGet(_Service):
    def repondre(self, lecteur, annuaire, structure):
        return {"items": [fiche(e) for e in sorted(espaces_libres(self.context), key=lambda e: e.Title())]}


class EspacesLibresPost(_Service):
    def repondre(self, lecteur, annuaire, structure):
        cle = idempotence.cle_de(self.request)
        annotations = IAnnotations(self.context)
        connue = idempotence.reponse_connue(annotations.get(CLE_REPONSES), lecteur.login, cle, "@espaces-libres")
        if connue is not None:
            self.request.response.setStatus(connue[0])
            return connue[1]
        donnees = self.corps()
        statut, reponse = self.modifier(annuaire, structure, donnees) if "espace" in donnees else \
            self.creer(annuaire, structure, donnees)
        if lecteur.login and cle:
            if CLE_REPONSES not in annotations:
                annotations[CLE_REPONSES] = OOBTree()
            idempotence.retenir(annotations[CLE_REPONSES], lecteur.login, cle, "@espaces-libres", statut, reponse)
        self.request.response.setStatus(statut)
        return reponse

    def creer(self, annuaire, structure, donnees):
        titre = lire_titre(donnees, True)
        editeurs, membres = liste_d_ids(donnees, "editeurs", True), liste_d_ids(donnees, "membres", True)
        erreurs = verifier_ids(annuaire, structure, editeurs, membres)
        if erreurs:
            raise Refus(400, "BadRequest", "Espace non créé : " + " ; ".join(erreurs) + ".")
        return 201, fiche(creer(self.context, titre, editeurs, membres))

    def modifier(self, annuaire, structure, donnees):
        espace = self.context.get(donnees["espace"]) if isinstance(donnees["espace"], str) else None
        if espace is None or not IEspaceCours.providedBy(espace) or not espace.libre:
            raise Refus(404, "NotFound", "Espace libre introuvable dans cet établissement.")
        titre = lire_titre(donnees, False)
        editeurs, membres = liste_d_ids(donnees, "editeurs", False), liste_d_ids(donnees, "membres", False)
        erreurs = verifier_ids(annuaire, structure, editeurs or [], membres or [])
        if erreurs:
            raise Refus(400, "BadRequest", "Espace non modifié : " + " ; ".join(erreurs) + ".")
        if titre is not None:
            espace.setTitle(titre)
        if editeurs is not None:
            espace.editeurs = editeurs
        if membres is not None:
            espace.membres = membres
        espace.reindexObject()
        return 200, fiche(espace)
