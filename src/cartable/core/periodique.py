"""Periodic jobs: every minute, a *tour* per site, run by the worker as a technical user.

How it runs
-----------
- The worker's consumer runs with ``periodic=True``; ``installer(huey)``
  registers ``battement`` there, a huey periodic task of every minute. It
  lists the Plone sites of the database and queues one tour per site, unless
  that site's tour is still queued or running: the mark
  ``cartable:periodique:tour:<site>`` is taken with ``put_if_empty`` and
  released at the end of the tour (a mark older than ``MARQUE_PERDUE`` belongs
  to a tour lost with its worker and is taken again). A slow tour therefore
  never piles up tours behind it.
- A tour asks, in a read-only transaction, which periodic tasks are due now,
  then runs each in its own transaction (transient errors retried, as in
  ``cartable.core.tasks``), and notes each one's last run in huey's key/value
  store: nothing is written to the ZODB when nothing is due. One task failing
  does not stop the others; it is tried again at the next tour.
- Periodic tasks are ``TachePeriodique`` utilities (``ITachePeriodique``)
  registered in ZCML by the features (core never imports them), each with a
  planning: ``ChaqueMinute()`` or ``Quotidien(enregistrement, "18:00")`` — a
  Paris local hour read from a registry record, so each site sets its own.
  ``est_due(planning, maintenant, derniere, heure)`` is pure; its tests inject
  the clock. Each task gets the tour's instant (``maintenant``, aware UTC):
  one clock for the whole tour.

Who runs them
-------------
Internal tasks (the tour's, and one-off ones queued by the application with
``lancer``, such as notification deposits) are functions marked with
``@tache_interne``. They run as ``UtilisateurTechnique``: an
``UnrestrictedUser`` that lives in no user folder, so nobody can log in as it
and ``cartable.core.tasks.find_user`` never finds it; it is only ever made
here, in the worker. They are not ``@cartable_task`` functions: ``POST
@cartable-tasks`` refuses their names as unknown, exactly as it refuses every
task that is not ``public``. Their job records are those of
``cartable.core.tasks`` (state, progress, result), with the technical user as
owner; the huey message has the same arguments as ``run_job``'s.
"""

import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from datetime import time as heure_du_jour
from zoneinfo import ZoneInfo

import transaction
from AccessControl.users import UnrestrictedUser
from zope.dottedname.resolve import resolve
from zope.interface import Attribute, Interface, implementer

from cartable.core import horloge, tasks

logger = logging.getLogger("cartable.periodique")

PARIS = ZoneInfo("Europe/Paris")
TECHNIQUE = "cartable-taches-internes"  # the technical user's id (no account has it: logins come from the directory)
EXECUTEUR = "cartable.periodique.executer"  # huey name of the internal jobs' runner
BATTEMENT = "cartable.periodique.battement"
TOUR = "cartable.core.periodique.tour"  # the internal job name of a tour
PREFIXE_MARQUE = "cartable:periodique:tour:"
PREFIXE_DERNIERE = "cartable:periodique:derniere:"
MARQUE_PERDUE = 15 * 60  # seconds: a tour's mark this old was left by a dead worker


# -- plannings (pure) ---------------------------------------------------------


@dataclass(frozen=True)
class ChaqueMinute:
    """At every tour."""

    def heure(self, site):
        return None


@dataclass(frozen=True)
class Quotidien:
    """Once a day, from a Paris local hour (``"HH:MM"``) read in the site's registry."""

    enregistrement: str
    defaut: str = "18:00"

    def heure(self, site):
        from plone import api

        try:
            valeur = api.portal.get_registry_record(self.enregistrement, default=None)
        except Exception:  # noqa: BLE001 — no registry (a bare site): the default hour
            valeur = None
        return lire_heure(valeur) or lire_heure(self.defaut)


def lire_heure(texte) -> heure_du_jour | None:
    """``"18:00"`` → time(18, 0); None when unreadable."""
    try:
        heures, minutes = str(texte).strip().split(":")
        return heure_du_jour(int(heures), int(minutes))
    except (ValueError, AttributeError):
        return None


def est_due(planning, maintenant: datetime, derniere: datetime | None, heure: heure_du_jour | None = None) -> bool:
    """Is a task of this planning due at ``maintenant``, given its last run (aware datetimes)?

    Daily: due once the Paris local hour of the day is reached, when the last
    run was before that moment (a tour missed at 18:00 runs at 18:07; a run at
    18:00 today is not repeated before 18:00 tomorrow). Across a DST change the
    local hour is kept.
    """
    if isinstance(planning, ChaqueMinute):
        return True
    if isinstance(planning, Quotidien):
        local = maintenant.astimezone(PARIS)
        seuil = datetime.combine(local.date(), heure or lire_heure(planning.defaut), tzinfo=PARIS)
        if local < seuil:
            return False
        return derniere is None or derniere.astimezone(PARIS) < seuil
    raise TypeError(f"planning inconnu : {planning!r}")


# -- registered periodic tasks -------------------------------------------------


class ITachePeriodique(Interface):
    nom = Attribute("unique name (dotted)")
    titre = Attribute("French title")
    fonction = Attribute("fn(site, progress, maintenant) → JSON-able result")
    planning = Attribute("ChaqueMinute() or Quotidien(...)")


@implementer(ITachePeriodique)
@dataclass(frozen=True)
class TachePeriodique:
    nom: str
    titre: str
    fonction: object = field(compare=False)
    planning: object = ChaqueMinute()


def taches_enregistrees() -> dict:
    """{nom: TachePeriodique} registered as utilities."""
    from zope.component import getUtilitiesFor

    return {t.nom: t for _, t in getUtilitiesFor(ITachePeriodique)}


def taches_dues(taches, maintenant, dernieres, heures) -> list:
    """Names of the due tasks, in name order; ``dernieres``/``heures``: {nom: value}."""
    return [nom for nom, tache in sorted(taches.items())
            if est_due(tache.planning, maintenant, dernieres.get(nom), heures.get(nom))]


# -- internal tasks and the technical user -------------------------------------------


def tache_interne(titre=""):
    """Mark ``fn(site, progress, **params)`` as an internal task (queued by ``lancer``, run as the technical user)."""

    def decorer(fn):
        fn.__cartable_interne__ = titre or fn.__name__
        return fn

    return decorer


def fonction_interne(nom):
    if not isinstance(nom, str) or not nom.startswith("cartable."):
        raise tasks.UnknownTask(nom)
    try:
        fn = resolve(nom)
    except (ImportError, AttributeError, ValueError):
        raise tasks.UnknownTask(nom) from None
    if not hasattr(fn, "__cartable_interne__"):
        raise tasks.UnknownTask(nom)
    return fn


class UtilisateurTechnique(UnrestrictedUser):
    """The worker's identity for internal tasks: in no user folder, never a login."""

    def __init__(self):
        super().__init__(TECHNIQUE, "", ("Manager",), [])

    def getId(self):
        return TECHNIQUE  # a special user has none; the workflow history names who acted


# -- queueing (Zope side, or the periodic task) ----------------------------------

_executeurs = {}


def executeur(huey=None):
    """The huey task that runs internal jobs, registered once per huey instance."""
    huey = huey or tasks.get_huey()
    if id(huey) not in _executeurs:
        _executeurs[id(huey)] = (huey, huey.task(name=EXECUTEUR, retries=0)(executer_job))
    return _executeurs[id(huey)][1]


def _record(job_id, nom, site, titre):
    return {"id": job_id, "name": nom, "title": titre, "owner": TECHNIQUE, "site": site, "state": "queued",
            "done": 0, "total": None, "message": "", "result": None, "error": None, "created": time.time()}


def chemin(site_path) -> str:
    return "/".join(site_path) if isinstance(site_path, (list, tuple)) else site_path


def lancer(nom, site_path, params=None, delay=None) -> str:
    """Queue the internal task ``nom`` after the current transaction commits; return the job id."""
    fn = fonction_interne(nom)
    huey = tasks.get_huey()
    job_id = uuid.uuid4().hex
    record = _record(job_id, nom, chemin(site_path), fn.__cartable_interne__)
    message = executeur(huey).s(job_id, nom, record["site"], TECHNIQUE, params or {}, id=job_id, delay=delay)
    transaction.get().addAfterCommitHook(tasks._enqueue_after_commit, args=(huey, message, record, None, None))
    return job_id


def battement(huey, sites, maintenant=time.time) -> list:
    """Queue a tour for each site whose previous tour is over; return the sites queued."""
    lances = []
    for site in sites:
        marque = PREFIXE_MARQUE + site
        instant = maintenant()
        if not huey.put_if_empty(marque, {"depuis": instant}):
            ancienne = huey.get(marque, peek=True)
            if ancienne is not None and ancienne["depuis"] > instant - MARQUE_PERDUE:
                continue  # still queued or running
            huey.put(marque, {"depuis": instant})
        job_id = uuid.uuid4().hex
        tasks._write_job(huey, _record(job_id, TOUR, site, "Tâches périodiques"))
        huey.enqueue(executeur(huey).s(job_id, TOUR, site, TECHNIQUE, {}, id=job_id))
        lances.append(site)
    return lances


def sites_de(db) -> list:
    """Paths of the Plone sites at the root of the database (one short read)."""
    from plone.base.interfaces import IPloneSiteRoot

    conn = db.open()
    try:
        racine = conn.root()["Application"]
        return sorted("/".join(o.getPhysicalPath()) for o in racine.objectValues() if IPloneSiteRoot.providedBy(o))
    finally:
        transaction.abort()
        conn.close()


def installer(huey):
    """In the worker: the internal runner and the every-minute ``battement``."""
    from huey import crontab

    executeur(huey)

    def battre():
        import Zope2

        battement(huey, sites_de(Zope2.DB))

    huey.periodic_task(crontab(), name=BATTEMENT, retries=0)(battre)


# -- running (worker side) --------------------------------------------------------------


def executer(db, site_path, fn, progress, params, attempts=tasks.ATTEMPTS):
    """Run ``fn(site, progress, **params)`` as the technical user in its own transaction; retry transient errors."""
    return tasks.run_with_retries(db, site_path, None, fn, progress, params, attempts,
                                  utilisateur=lambda site: UtilisateurTechnique().__of__(site.acl_users))


def derniere_execution(huey, site, nom):
    valeur = huey.get(f"{PREFIXE_DERNIERE}{site}:{nom}", peek=True)
    return datetime.fromisoformat(valeur) if valeur else None


def faire_le_tour(db, site_path, huey=None, maintenant=None, taches=None) -> dict:
    """One tour of a site: each due task in its own transaction; {nom: result or {"erreur": …}}."""
    huey = huey or tasks.get_huey()
    site = chemin(site_path)
    maintenant = maintenant or horloge.instant()
    taches = taches_enregistrees() if taches is None else taches
    dernieres = {nom: derniere_execution(huey, site, nom) for nom in taches}
    heures = executer(db, site, lambda s, _p: {nom: t.planning.heure(s) for nom, t in taches.items()}, None, {})
    bilan = {}
    for nom in taches_dues(taches, maintenant, dernieres, heures):
        try:
            bilan[nom] = executer(db, site, taches[nom].fonction, None, {"maintenant": maintenant})
        except Exception as exc:  # the others still run; this one is tried again next tour
            logger.exception("periodic task %s failed on %s", nom, site)
            bilan[nom] = {"erreur": f"{type(exc).__name__}: {exc}"}
            continue
        huey.put(f"{PREFIXE_DERNIERE}{site}:{nom}", maintenant.isoformat())
    return bilan


def executer_job(job_id, name, site_path, userid, params):
    """Huey entry point of internal jobs (same arguments as ``tasks.run_job``); the user is always the technical one."""
    import Zope2

    huey = tasks.get_huey()
    record = tasks.read_job(job_id, huey) or _record(job_id, name, site_path, "")
    record = tasks._write_job(huey, record, state="running", started=time.time())
    try:
        if name == TOUR:
            result = faire_le_tour(Zope2.DB, site_path, huey)
        else:
            result = executer(Zope2.DB, site_path, fonction_interne(name), tasks.Progress(huey, record), params)
    except Exception as exc:
        logger.exception("internal job %s (%s) failed", job_id, name)
        tasks._write_job(huey, tasks.read_job(job_id, huey) or record, state="failed",
                         error=f"{type(exc).__name__}: {exc}")
        return None
    finally:
        if name == TOUR:
            huey.delete(PREFIXE_MARQUE + site_path)
    tasks._write_job(huey, tasks.read_job(job_id, huey) or record, state="done", result=result, finished=time.time())
    return result
