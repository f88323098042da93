"""Background tasks on huey, run inside the Zope site as a given user.

- The queue is ``SqliteHuey`` (``$CARTABLE_QUEUE_FILE``, under var/) unless
  ``$CARTABLE_REDIS_URL`` is set, then ``RedisHuey``.
- ``enqueue()`` puts the task on the queue only after the current Zope
  transaction commits: an aborted request enqueues nothing.
- A task is a function decorated with ``@cartable_task``; it is called as
  ``fn(site, progress, **params)`` in the worker, with the site set up and the
  security manager of the user who asked for it (never a built-in admin).
  ConflictError and other transient errors are retried with a fresh transaction.
- Each job has a record in huey's key/value store (state, done/total,
  message, result) that the REST service ``@cartable-tasks/<id>`` returns.
- A job being run is also noted under ``cartable:reprise:<id>`` with the
  worker process running it. Huey does not queue again a task whose consumer
  was killed mid-run (Redis and SQLite alike: the task left the queue when it
  was taken), so a starting worker calls ``reprendre_orphelins()``: the jobs
  of a dead worker of this machine are queued again when their task is
  declared ``reprise=True`` (it skips what it already committed), else marked
  failed — never left "running" for ever.
"""

import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import transaction
from huey import RedisHuey, SqliteHuey
from transaction.interfaces import TransientError
from zope.dottedname.resolve import resolve

from cartable.core.config import parse_redis_url

logger = logging.getLogger("cartable.tasks")

RUNNER_NAME = "cartable.run_job"
JOB_PREFIX = "cartable:job:"
IDEMPOTENCY_PREFIX = "cartable:idem:"
REPRISE_PREFIX = "cartable:reprise:"
ATTEMPTS = 5  # transient errors (write conflicts, lost DB connection) before giving up
JOB_TTL_DAYS = 7
REDIS_DELAI_CONNEXION = 2  # seconds (as the counters' and tickets' clients, core/limites.py, core/memoire.py)
REDIS_DELAI_LECTURE = 5


class UnknownTask(LookupError):
    """The name is not a function decorated with @cartable_task."""


@dataclass(frozen=True)
class TaskSpec:
    name: str
    permission: str
    title: str
    public: bool = False
    reprise: bool = False


def cartable_task(permission="cmf.ManagePortal", title="", public=False, reprise=False):
    """Mark a function ``fn(site, progress, **params)`` as a background task.

    Tasks are queued by the application's own services, which check who asks
    and build the parameters. Only a ``public`` task may also be asked for by
    name through ``POST @cartable-tasks``, where ``permission`` is checked on
    the site: a user must never choose another task's parameters.
    ``reprise``: running it again after a crash mid-run is safe (it skips what
    it already committed); such a job is queued again by the next worker.
    """

    def decorate(fn):
        fn.__cartable_task__ = TaskSpec(f"{fn.__module__}.{fn.__qualname__}", permission, title, public, reprise)
        return fn

    return decorate


def task_function(name):
    """The decorated function for a dotted name; refuses anything else."""
    if not isinstance(name, str) or not name.startswith("cartable."):
        raise UnknownTask(name)
    try:
        fn = resolve(name)
    except (ImportError, AttributeError, ValueError):
        raise UnknownTask(name) from None
    if not hasattr(fn, "__cartable_task__"):
        raise UnknownTask(name)
    return fn


# -- the queue ---------------------------------------------------------------

_queues = {}


def queue_settings():
    redis_url = parse_redis_url(os.environ.get("CARTABLE_REDIS_URL"))
    if redis_url:
        return ("redis", redis_url)
    path = os.environ.get("CARTABLE_QUEUE_FILE")
    if not path:
        var = os.environ.get("CARTABLE_VAR") or Path(__file__).resolve().parents[3] / "var"
        path = str(Path(var) / "queue.sqlite3")
    return ("sqlite", path)


def get_huey():
    """The huey instance for the current settings, with the job runner registered."""
    key = queue_settings()
    if key not in _queues:
        kind, where = key
        if kind == "redis":
            # bounded waits: a Redis that stops answering (frozen, a network cut without a reset) fails the
            # request in seconds (a 503, cartable.core.indisponible) instead of holding its thread for ever;
            # longer than the worker's blocking read (huey's read_timeout, 1 s)
            from redis import ConnectionPool

            huey = RedisHuey("cartable", connection_pool=ConnectionPool.from_url(
                where, socket_connect_timeout=REDIS_DELAI_CONNEXION, socket_timeout=REDIS_DELAI_LECTURE))
        else:
            Path(where).parent.mkdir(parents=True, exist_ok=True)
            huey = SqliteHuey("cartable", filename=where)
        # retries=0: transient errors are retried inside run_with_retries,
        # where a fresh ZODB transaction is begun each time.
        runner = huey.task(name=RUNNER_NAME, retries=0)(run_job)
        _queues[key] = (huey, runner)
    return _queues[key][0]


def queue_kind():
    return queue_settings()[0]


def _runner():
    get_huey()
    return _queues[queue_settings()][1]


# -- job records -------------------------------------------------------------


def read_job(job_id, huey=None):
    huey = huey or get_huey()
    return huey.get(JOB_PREFIX + job_id, peek=True)


def _write_job(huey, record, **changes):
    record = dict(record, **changes, updated=time.time())
    huey.put(JOB_PREFIX + record["id"], record)
    return record


class Progress:
    """Given to a task: ``progress(done, total, message)`` updates its job record."""

    def __init__(self, huey, record):
        self.huey = huey
        self.record = record

    def __call__(self, done, total=None, message=""):
        changes = {"done": done, "message": message}
        if total is not None:
            changes["total"] = total
        self.record = _write_job(self.huey, self.record, **changes)


# -- enqueue (Zope side) -----------------------------------------------------


def job_for_key(userid, idempotency_key):
    """The job already queued by this user with this key, or None."""
    if not idempotency_key:
        return None
    return get_huey().get(f"{IDEMPOTENCY_PREFIX}{userid}:{idempotency_key}", peek=True)


def enqueue(name, site_path, userid, params=None, idempotency_key=None, delay=None, condition=None):
    """Queue task ``name`` after the current transaction commits; return the job id.

    With an idempotency key already seen for this user, return the first job.
    ``delay`` (seconds from now): the job does not run before.
    ``condition(huey)``, called after the commit: the job is queued only when it
    returns true (an atomic mark, so that many requests queue one job); when it
    returns false, the id returned names no job.
    """
    fn = task_function(name)
    huey = get_huey()
    idem = f"{IDEMPOTENCY_PREFIX}{userid}:{idempotency_key}" if idempotency_key else None
    known = job_for_key(userid, idempotency_key)
    if known:
        return known
    job_id = uuid.uuid4().hex
    record = {
        "id": job_id,
        "name": name,
        "title": fn.__cartable_task__.title,
        "owner": userid,
        "site": "/".join(site_path) if isinstance(site_path, (list, tuple)) else site_path,
        "state": "queued",
        "done": 0,
        "total": None,
        "message": "",
        "result": None,
        "error": None,
        "created": time.time(),
    }
    task = _runner().s(job_id, name, record["site"], userid, params or {}, id=job_id, delay=delay)
    txn = transaction.get()
    if isinstance(huey, RedisHuey) and not any(h[0] is _file_joignable for h in txn.getBeforeCommitHooks()):
        txn.addBeforeCommitHook(_file_joignable, args=(huey,))
    txn.addAfterCommitHook(_enqueue_after_commit, args=(huey, task, record, idem, condition))
    return job_id


def _file_joignable(huey):
    """Before the commit of a transaction that queues a job on Redis: Redis answers, or the commit fails
    (redis' ConnectionError: the request is answered 503, cartable.core.indisponible, and writes nothing;
    the page's outbox sends it again). Otherwise a Redis outage would commit the write and lose its job,
    which the after-commit hook can only log."""
    huey.storage.conn.ping()


def _enqueue_after_commit(committed, huey, task, record, idem, condition=None):
    if not committed:
        return
    try:
        if condition is not None and not condition(huey):
            return
        _write_job(huey, record)
        if idem:
            huey.put_if_empty(idem, record["id"])
        huey.enqueue(task)
    except Exception:  # the request already succeeded; say it loudly
        logger.exception("could not enqueue job %s (%s)", record["id"], record["name"])


# -- run (worker side) -------------------------------------------------------


def run_job(job_id, name, site_path, userid, params):
    """Huey entry point: run the task in the Zope database of this process."""
    import Zope2  # only the worker process has a configured Zope

    huey = get_huey()
    record = read_job(job_id, huey) or {"id": job_id, "name": name, "owner": userid, "site": site_path}
    huey.put(REPRISE_PREFIX + job_id, {"job": job_id, "name": name, "site": site_path, "owner": userid,
                                       "params": params, "worker": identite_processus()})
    record = _write_job(huey, record, state="running", started=time.time())
    try:
        fn = task_function(name)
        result = run_with_retries(Zope2.DB, site_path, userid, fn, Progress(huey, record), params)
    except Exception as exc:
        logger.exception("job %s (%s) failed", job_id, name)
        record = read_job(job_id, huey) or record
        _write_job(huey, record, state="failed", error=f"{type(exc).__name__}: {exc}")
        huey.delete(REPRISE_PREFIX + job_id)
        return None
    record = read_job(job_id, huey) or record
    _write_job(huey, record, state="done", result=result, finished=time.time())
    huey.delete(REPRISE_PREFIX + job_id)
    return result


# -- jobs of a dead worker (worker side, at start) ----------------------------


def debut_processus(pid):
    """Start time of a live process in clock ticks since boot (guards against pid reuse); None if none."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    champs = stat[stat.rindex(")") + 2:].split()
    return None if champs[0] == "Z" else int(champs[19])


def identite_processus(pid=None):
    """``machine:pid:début`` of a process (this one by default)."""
    pid = pid or os.getpid()
    return f"{socket.gethostname()}:{pid}:{debut_processus(pid)}"


def processus_mort(identite):
    """True when ``identite`` names a process of this machine that no longer runs; other machines: unknown, False."""
    machine, _, reste = identite.partition(":")
    pid, _, debut = reste.partition(":")
    if machine != socket.gethostname() or not pid.isdigit():
        return False
    return str(debut_processus(int(pid))) != debut


def reprendre_orphelins(huey=None, mort=processus_mort):
    """Queue again the jobs a dead worker was running (or fail those that may not run twice).

    Returns {job id: "reprise" | "abandonnee"}.
    """
    huey = huey or get_huey()
    bilan = {}
    for cle in list(huey.storage.result_items()):
        if not cle.startswith(REPRISE_PREFIX):
            continue
        note = huey.get(cle, peek=True)
        if note is None or not mort(note["worker"]):
            continue
        record = read_job(note["job"], huey) or {"id": note["job"], "name": note["name"], "owner": note["owner"],
                                                "site": note["site"]}
        try:
            reprise = task_function(note["name"]).__cartable_task__.reprise
        except UnknownTask:
            reprise = False
        if reprise:
            _write_job(huey, record, state="queued", message="reprise après l'arrêt de l'exécuteur",
                       reprises=record.get("reprises", 0) + 1)
            huey.enqueue(_runner().s(note["job"], note["name"], note["site"], note["owner"], note["params"],
                                     id=note["job"]))
            bilan[note["job"]] = "reprise"
        else:
            _write_job(huey, record, state="failed",
                       error="Tâche interrompue : l'exécuteur s'est arrêté pendant son exécution ; relancez-la.")
            bilan[note["job"]] = "abandonnee"
        huey.delete(cle)
    return bilan


def run_with_retries(db, site_path, userid, fn, progress, params, attempts=ATTEMPTS, utilisateur=None):
    """Run ``fn`` in its own connection and transaction; retry transient errors.

    ``utilisateur(site)``: who runs it, when it is not the user ``userid``
    (the periodic jobs' technical user)."""
    for attempt in range(1, attempts + 1):
        try:
            return run_once(db, site_path, userid, fn, progress, params, utilisateur)
        except TransientError as exc:
            if attempt == attempts:
                raise
            logger.warning("transient error on attempt %s, retrying: %r", attempt, exc)
            time.sleep(0.1 * 2**attempt)


def run_once(db, site_path, userid, fn, progress, params, utilisateur=None):
    from AccessControl.SecurityManagement import getSecurityManager, newSecurityManager, setSecurityManager
    from Testing.makerequest import makerequest
    from zope.component.hooks import getSite, setSite
    from zope.globalrequest import getRequest, setRequest

    # what the thread had before (nothing in the worker; a test's own in-process run) comes back after
    avant = (getSecurityManager(), getSite(), getRequest())
    # The thread's default transaction manager: Plone code registers its
    # hooks (catalog queue, …) on transaction.get().
    tm = transaction.manager
    tm.begin()
    conn = db.open()
    try:
        app = makerequest(conn.root()["Application"])
        setRequest(app.REQUEST)
        site = app.unrestrictedTraverse(site_path)
        setSite(site)
        user = utilisateur(site) if utilisateur is not None else find_user(site, userid)
        newSecurityManager(app.REQUEST, user)
        result = fn(site, progress, **params)
        tm.commit()
        return result
    finally:
        tm.abort()
        setSecurityManager(avant[0])
        setSite(avant[1])
        setRequest(avant[2])
        conn.close()


def find_user(site, userid):
    """The user wrapped in its user folder: the site's first, then Zope's root."""
    for folder in (site.acl_users, site.getPhysicalRoot().acl_users):
        user = folder.getUserById(userid)
        if user is not None:
            if not hasattr(user, "aq_base"):
                user = user.__of__(folder)
            return user
    raise LookupError(f"utilisateur inconnu / unknown user: {userid}")
