"""First login: a person of the directory sets a password with their activation code.

Shared by the page (@@activation) and the REST service (POST @activation).

Its failures never count against the login throttle (``limites.PAR_ADRESSE``): a stranger
behind a school's shared address, inventing logins, would otherwise refuse every login of
that school. They count per login (a real account: 5, as for passwords) and against an
address limit of their own, which slows the guessing of codes and blocks activations only.
"""

from cartable.annuaire import comptes
from cartable.annuaire.stockage import lire_annuaire
from cartable.core import limites

ACTIVATION = limites.Limiteur(echecs=5, fenetre=15 * 60, prefixe="activation")
# a class activating its accounts together in a computer room stays far below; a code
# (10 characters out of 32) is not guessed at 100 tries a quarter of an hour
ACTIVATION_PAR_ADRESSE = limites.Limiteur(echecs=100, fenetre=15 * 60, prefixe="activation-adresse")
TROP_D_ESSAIS = "Trop d'essais : réessayez dans un quart d'heure."


def activer_compte(site, login, code, mot_de_passe, confirmation=None, adresse=""):
    """Activate; return the login, or raise ActivationRefusee with a French message."""
    login = (login or "").strip().lower()
    # the login's own limit first, then the address's (activations only)
    if (login and ACTIVATION.bloque(login)) or (adresse and ACTIVATION_PAR_ADRESSE.bloque(adresse)):
        raise comptes.ActivationRefusee(TROP_D_ESSAIS)
    annuaire = lire_annuaire(site)
    personne = annuaire.par_login(login) if annuaire is not None and login else None
    try:
        comptes.activer(personne, code, mot_de_passe, confirmation)
    except comptes.ActivationRefusee:
        if personne is not None:
            ACTIVATION.echec(personne.login)  # an invented login has no counter to fill
        if adresse:
            ACTIVATION_PAR_ADRESSE.echec(adresse)
        raise
    ACTIVATION.effacer(login)
    return personne.login
