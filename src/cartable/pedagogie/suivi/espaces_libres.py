"""Free spaces (club, CDI, projet) of an establishment, with chosen members: the rules of
@espaces-libres (its GET and POST are ``suivi/services/espaces_libres/``).

The direction of the establishment, its editors and the regional administrators only.
Every id is checked against the directory before anything is written:
editors are staff of the establishment, members its students; the French
error lists each id refused, and nothing is created. An ``Idempotency-Key``
replays the first answer (kept on the establishment, per login and key).
Who may do what inside comes from the space's lists (cartable.regles.droits_pedagogie).
"""

from AccessControl import getSecurityManager
from plone import api

from cartable.annuaire.registre import normaliser
from cartable.core.refus import Refus
from cartable.pedagogie import espaces
from cartable.pedagogie.content.espace import IEspaceCours
from cartable.regles import acces

CLE_REPONSES = "cartable.pedagogie.espaces_libres.reponses"
TITRE_MAX = 200
# held by the establishment's editors (cartable.etablissement gives the role and declares the permission)
GERER_ESPACES_LIBRES = "Cartable: Gerer les espaces libres"


def exiger_gestionnaire(lecteur, structure, etablissement=None):
    if lecteur.anonyme:
        raise Refus(401, "Unauthorized", "Connectez-vous pour gérer les espaces libres.")
    editeur = etablissement is not None and getSecurityManager().checkPermission(GERER_ESPACES_LIBRES, etablissement)
    if not (lecteur.admin or acces.est_direction(lecteur.personne, structure) or editeur):
        raise Refus(403, "Forbidden", "Seules la direction, les éditeurs de l'établissement et l'administration "
                                      "régionale gèrent les espaces libres.")


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
            "editeurs": list(espace.editeurs or ()), "membres": list(espace.membres or ()),
            "archive": bool(getattr(espace, "archive", False))}


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
