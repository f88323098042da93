"""First login: a person of the directory sets a password with their activation code.

Shared by the page (@@activation) and the REST service (POST @activation).
"""

from cartable.annuaire import comptes
from cartable.annuaire.stockage import lire_annuaire
from cartable.core import limites

ACTIVATION = limites.Limiteur(echecs=5, fenetre=15 * 60, prefixe="activation")


def activer_compte(site, login, code, mot_de_passe, confirmation=None, adresse=""):
    """Activate; return the login, or raise ActivationRefusee with a French message."""
    login = (login or "").strip().lower()
    if ACTIVATION.bloque(login) or (adresse and limites.PAR_ADRESSE.bloque(adresse)):
        raise comptes.ActivationRefusee("Trop d'essais : réessayez dans un quart d'heure.")
    annuaire = lire_annuaire(site)
    personne = annuaire.par_login(login) if annuaire is not None and login else None
    try:
        comptes.activer(personne, code, mot_de_passe, confirmation)
    except comptes.ActivationRefusee:
        if login:
            ACTIVATION.echec(login)
        if adresse:
            limites.PAR_ADRESSE.echec(adresse)
        raise
    ACTIVATION.effacer(login)
    return personne.login
