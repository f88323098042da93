"""Accounts of the directory's people: activation codes and passwords.

Pure module (AuthEncoding only). A person imported from the directory has a
login and an activation code, no password; the first login sets the password
with the code, which is then forgotten.
"""

import secrets

from AuthEncoding import AuthEncoding

# No 0/O, 1/I/L: the codes are typed from a printed letter.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LONGUEUR_CODE = 10
LONGUEUR_MIN_MOT_DE_PASSE = 8
SCHEMA = "SSHA"  # Zope's standard salted scheme, as Plone's own user folder uses


class ActivationRefusee(ValueError):
    """The message is French, shown as is."""


def generer_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LONGUEUR_CODE))


def normaliser_code(code: str) -> str:
    return "".join(c for c in (code or "").upper() if c.isalnum())


def activer(personne, code: str, mot_de_passe: str, confirmation: str | None = None):
    """Set the first password of ``personne`` if ``code`` is its activation code."""
    if personne is None or not personne.actif or personne.code_activation is None:
        raise ActivationRefusee("Identifiant ou code d'activation incorrect, ou compte déjà activé.")
    if not secrets.compare_digest(normaliser_code(code), personne.code_activation):
        raise ActivationRefusee("Identifiant ou code d'activation incorrect, ou compte déjà activé.")
    verifier_nouveau_mot_de_passe(mot_de_passe, confirmation)
    personne.mot_de_passe = AuthEncoding.pw_encrypt(mot_de_passe, SCHEMA)
    personne.code_activation = None


def verifier_nouveau_mot_de_passe(mot_de_passe: str, confirmation: str | None = None):
    if confirmation is not None and mot_de_passe != confirmation:
        raise ActivationRefusee("Les deux mots de passe sont différents.")
    if len(mot_de_passe or "") < LONGUEUR_MIN_MOT_DE_PASSE:
        raise ActivationRefusee(f"Le mot de passe doit faire au moins {LONGUEUR_MIN_MOT_DE_PASSE} caractères.")


def mot_de_passe_valide(personne, mot_de_passe: str) -> bool:
    if personne is None or not personne.actif or not personne.mot_de_passe or not mot_de_passe:
        return False
    return bool(AuthEncoding.pw_validate(personne.mot_de_passe, mot_de_passe))
