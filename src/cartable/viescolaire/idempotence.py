"""The vie scolaire's first answers (incidents, follow-up notes, declarations…), kept on its VieScolaire.

The rules are ``cartable.core.idempotence``'s; the store is created on the first
answer kept, so a VieScolaire made before it needs no upgrade step.
"""

from cartable.core import idempotence

ATTRIBUT = "reponses_idempotentes"  # on VieScolaire: (login, key) → {"service", "statut", "reponse", "le"}

cle_de = idempotence.cle_de


def reponse_connue(vs, login, cle, service):
    return idempotence.reponse_connue(idempotence.lire_magasin(vs, ATTRIBUT), login, cle, service)


def retenir(vs, login, cle, service, statut, reponse):
    if login and cle:
        idempotence.retenir(idempotence.magasin(vs, ATTRIBUT), login, cle, service, statut, reponse)


def magasins(site):
    """Every establishment's store (``IMagasinsDeReponses``: the periodic tour prunes them daily)."""
    from cartable.annuaire.contenu import etablissements
    from cartable.viescolaire.stockage import lire_vie_scolaire

    for etablissement in etablissements(site):
        yield idempotence.lire_magasin(lire_vie_scolaire(etablissement), ATTRIBUT)
