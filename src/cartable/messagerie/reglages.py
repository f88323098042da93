"""An establishment's messagerie settings, kept in the site's Messagerie by structure (the rule reads them there
at send time): whether its students may write to each other (off by default)."""

from plone import api

from cartable.messagerie.stockage import lire_messagerie, messagerie_pour_ecrire


def lire(structure) -> dict:
    messagerie = lire_messagerie(api.portal.get())
    reglage = messagerie.reglages_de(structure) if messagerie is not None else None
    return {"eleves_entre_eux": bool(reglage and reglage.eleves_entre_eux),
            "libelles": {"eleves_entre_eux": "Les élèves peuvent s'écrire entre eux"}}


def ecrire(structure, eleves_entre_eux: bool):
    messagerie = messagerie_pour_ecrire(api.portal.get())
    messagerie.reglages[structure] = {"eleves_entre_eux": bool(eleves_entre_eux)}
