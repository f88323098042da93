from BTrees.OOBTree import OOBTree
from zope.annotation.interfaces import IAnnotations

from cartable.core import idempotence
from cartable.core.refus import Refus
from cartable.pedagogie.content.espace import IEspaceCours
from cartable.pedagogie.suivi.espaces_libres import CLE_REPONSES, creer, fiche, lire_titre, liste_d_ids, verifier_ids
from cartable.pedagogie.suivi.services.commun import ServiceEspacesLibres


class EspacesLibresPost(ServiceEspacesLibres):
    """POST {etab}/@espaces-libres {"titre", "editeurs", "membres"}: a new one (201);
    {"espace": id, "titre"?, "editeurs"?, "membres"?}: change one (200);
    {"espace": id, "archive": true}: archived at the end of the year (its members leave, its content stays)."""

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
        if donnees.get("archive") is True:
            espace.archive, espace.membres = True, []
        espace.reindexObject()
        return 200, fiche(espace)
