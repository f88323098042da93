"""What several of notes' endpoints share."""

from cartable.notes import droits
from cartable.notes.evaluations import refus_acces


def exiger_direction(lecteur, structure, message):
    """A refusal (401 anonymous, 403 otherwise) for whoever is not the direction here nor a regional administrator."""
    if not (lecteur.admin or droits.est_direction(lecteur.personne, structure)):
        raise refus_acces(lecteur, message)
