"""The applications registered as CAS services, kept on the region site (an annotation).

The regional administrator writes them (``@cas-services``), rarely; every ``/cas/`` request reads
them. ``lire_services`` never writes (safe on GET); ``enregistrer`` and ``retirer`` are the only
writers. Each service is a plain dict (``motif``, ``nom``, ``attributs``) in a PersistentList.
"""

from persistent.list import PersistentList
from zope.annotation.interfaces import IAnnotations

from cartable.regles import cas

CLE = "cartable.annuaire.cas.services"


def lire_services(site):
    """The registered services (``cas.Service``), in their order of registration."""
    return [cas.Service(d["motif"], d["nom"], tuple(d["attributs"])) for d in IAnnotations(site).get(CLE, ())]


def _pour_ecrire(site):
    annotations = IAnnotations(site)
    liste = annotations.get(CLE)
    if liste is None:
        liste = annotations[CLE] = PersistentList()
    return liste


def enregistrer(site, service: cas.Service) -> bool:
    """Add ``service``, or replace the one with the same pattern; True when it is new."""
    liste = _pour_ecrire(site)
    for i, existant in enumerate(liste):
        if existant["motif"] == service.motif:
            liste[i] = service.en_dict()
            return False
    liste.append(service.en_dict())
    return True


def retirer(site, motif) -> bool:
    liste = IAnnotations(site).get(CLE)
    for i, existant in enumerate(liste or ()):
        if existant["motif"] == motif:
            del liste[i]
            return True
    return False
