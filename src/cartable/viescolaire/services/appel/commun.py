"""@appel/<clé>, read and written: one function each, for the service (get.py, post.py) and the fast lane
(rapide.py), so that both give the same answer."""

from cartable.viescolaire import appels
from cartable.viescolaire.stockage import lire_vie_scolaire, vie_scolaire_pour_ecrire


def lire(etablissement, lecteur, annuaire, structure, cle, url):
    """The register of one course occurrence, as this reader may see it."""
    vs = lire_vie_scolaire(etablissement)
    occurrence = appels.occurrence_visible(vs, annuaire, structure, cle, lecteur)
    return appels.fiche(vs, annuaire, structure, occurrence, lecteur, url)


def saisir(etablissement, lecteur, annuaire, structure, cle, corps, cle_idempotence, url):
    """Take or correct the register; ``corps()`` reads the body once the course is known to be the reader's."""
    occurrence = appels.occurrence_visible(lire_vie_scolaire(etablissement), annuaire, structure, cle, lecteur)
    donnees = corps()
    return appels.enregistrer(vie_scolaire_pour_ecrire(etablissement), annuaire, structure, occurrence, lecteur, donnees,
                              cle_idempotence, url)
