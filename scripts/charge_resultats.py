"""The measures of the peak scenarios (``scripts/charge.py``, ``scripts/bench_agenda.py``): percentiles, CSV, chart, summary.

Pure module: the standard library and matplotlib (a ``Figure`` on its own Agg
canvas, never pyplot, so that nothing global is touched). One row per request:
when it started, the scenario, the endpoint's name, the HTTP status (0 when no
answer came) and the latency.
"""

import csv
import math
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

# the served instance's threads: the instances' own default unless CARTABLE_THREADS names another number (the
# README gives each run's; the runs measured before 4 December 2026, 20:00, served 6); here because every
# benchmark imports this module, and bench_commun cannot be imported before gevent patches. Not imported from
# cartable.ops.instance: a benchmark also runs an older checkout first on PYTHONPATH (a unit test keeps them equal).
THREADS_INSTANCES = 4
THREADS = os.environ.get("CARTABLE_THREADS") or str(THREADS_INSTANCES)

COLONNES = ("temps", "scenario", "endpoint", "statut", "latence_ms")


@dataclass(frozen=True)
class Requete:
    temps: float  # start, seconds since the epoch
    scenario: str
    endpoint: str
    statut: int  # 0: no answer (connection refused, reset, timeout)
    latence_ms: float

    @property
    def erreur(self) -> bool:
        return not 200 <= self.statut < 400


def percentile(valeurs, p: float) -> float:
    """The p-th percentile by linear interpolation between the closest ranks; NaN when empty."""
    if not 0 <= p <= 100:
        raise ValueError(f"percentile hors de [0, 100] : {p}")
    ordonnees = sorted(valeurs)
    if not ordonnees:
        return math.nan
    rang = p / 100 * (len(ordonnees) - 1)
    bas = math.floor(rang)
    haut = min(bas + 1, len(ordonnees) - 1)
    return ordonnees[bas] + (ordonnees[haut] - ordonnees[bas]) * (rang - bas)


@dataclass(frozen=True)
class Ligne:
    """One line of the summary: an endpoint, or the whole scenario (endpoint ``"total"``)."""

    endpoint: str
    requetes: int
    erreurs: int
    par_seconde: float
    p50: float
    p95: float
    p99: float


def resumer(requetes: list[Requete], duree: float) -> list[Ligne]:
    """Per endpoint (sorted by name) then the total; throughput over ``duree`` seconds."""
    if duree <= 0:
        raise ValueError("durée de mesure nulle ou négative")
    groupes: dict[str, list[Requete]] = {}
    for r in requetes:
        groupes.setdefault(r.endpoint, []).append(r)

    def ligne(nom, lot):
        latences = [r.latence_ms for r in lot]
        return Ligne(nom, len(lot), sum(r.erreur for r in lot), len(lot) / duree,
                     percentile(latences, 50), percentile(latences, 95), percentile(latences, 99))

    return [ligne(nom, groupes[nom]) for nom in sorted(groupes)] + [ligne("total", requetes)]


def conflits(avant: list[dict], apres: list[dict]) -> tuple[int, int]:
    """ZODB conflicts (retried, failed) during the run: the instances' ``@cartable-status`` counters, after − before.

    The counters live in the process: an instance restarted during the run
    starts again from 0, so its count since the restart is what is known.
    """
    if len(avant) != len(apres):
        raise ValueError("autant de statuts avant qu'après sont attendus")

    def ecart(b, a, nom):
        relance = a["conflicts"]["retried"] < b["conflicts"]["retried"] or a["conflicts"]["failed"] < b["conflicts"]["failed"]
        return a["conflicts"][nom] - (0 if relance else b["conflicts"][nom])

    return (sum(ecart(b, a, "retried") for b, a in zip(avant, apres)),
            sum(ecart(b, a, "failed") for b, a in zip(avant, apres)))


@dataclass(frozen=True)
class Seconde:
    seconde: int  # since the first request
    requetes: int
    p50: float
    p99: float


def par_seconde(requetes: list[Requete]) -> list[Seconde]:
    """Requests started in each second of the run (seconds without any are listed with 0 and NaN)."""
    if not requetes:
        return []
    debut = min(r.temps for r in requetes)
    latences: dict[int, list[float]] = {}
    for r in requetes:
        latences.setdefault(int(r.temps - debut), []).append(r.latence_ms)
    return [Seconde(s, len(latences.get(s, ())), percentile(latences.get(s, ()), 50), percentile(latences.get(s, ()), 99))
            for s in range(max(latences) + 1)]


def ecrire_csv(chemin: Path, requetes: list[Requete]) -> None:
    """One line per request, in start order; times in ISO 8601 with milliseconds."""
    with open(chemin, "w", newline="", encoding="utf-8") as fichier:
        ecrivain = csv.writer(fichier)
        ecrivain.writerow(COLONNES)
        for r in sorted(requetes, key=lambda r: r.temps):
            ecrivain.writerow((datetime.fromtimestamp(r.temps).isoformat(timespec="milliseconds"), r.scenario,
                               r.endpoint, r.statut, f"{r.latence_ms:.1f}"))


def lire_csv(chemin: Path) -> list[Requete]:
    with open(chemin, newline="", encoding="utf-8") as fichier:
        return [Requete(datetime.fromisoformat(l["temps"]).timestamp(), l["scenario"], l["endpoint"], int(l["statut"]),
                        float(l["latence_ms"])) for l in csv.DictReader(fichier)]


def ecrire_graphique(chemin: Path, requetes: list[Requete], titre: str) -> None:
    """PNG: latency p50/p99 per second (top), requests and errors per second (bottom)."""
    secondes = par_seconde(requetes)
    erreurs: dict[int, int] = {}
    if requetes:
        debut = min(r.temps for r in requetes)
        for r in requetes:
            if r.erreur:
                erreurs[int(r.temps - debut)] = erreurs.get(int(r.temps - debut), 0) + 1
    x = [s.seconde for s in secondes]
    figure = Figure(figsize=(10, 6), dpi=100)
    FigureCanvasAgg(figure)
    latence, debit = figure.subplots(2, 1, sharex=True)
    latence.plot(x, [s.p50 for s in secondes], label="p50", color="#1f77b4")
    latence.plot(x, [s.p99 for s in secondes], label="p99", color="#d62728")
    latence.set_ylabel("latence (ms)")
    latence.set_title(titre)
    latence.legend(loc="upper right")
    latence.grid(alpha=0.3)
    debit.plot(x, [s.requetes for s in secondes], label="requêtes/s", color="#2ca02c")
    debit.plot(x, [erreurs.get(s, 0) for s in x], label="erreurs/s", color="#ff7f0e")
    debit.set_ylabel("requêtes par seconde")
    debit.set_xlabel("secondes depuis le début")
    debit.legend(loc="upper right")
    debit.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(chemin, format="png")


def dossier_resultats(racine: Path, scenario: str, quand: datetime) -> Path:
    """``<racine>/<scenario>-<AAAAMMJJ-HHMMSS>``, created; a second run in the same second gets a suffix."""
    base = racine / f"{scenario}-{quand.strftime('%Y%m%d-%H%M%S')}"
    dossier, n = base, 1
    while dossier.exists():
        n += 1
        dossier = base.with_name(f"{base.name}-{n}")
    dossier.mkdir(parents=True)
    return dossier


def tableau(lignes: list[Ligne]) -> str:
    """The summary as aligned text (milliseconds)."""
    entete = f"{'endpoint':<28} {'requêtes':>9} {'erreurs':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    corps = [f"{l.endpoint:<28} {l.requetes:>9} {l.erreurs:>8} {l.par_seconde:>8.1f} {l.p50:>8.0f} {l.p95:>8.0f} {l.p99:>8.0f}"
             for l in lignes]
    return "\n".join([entete, *corps])


# --- where the CPU went: /proc (Linux) ------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def secondes_cpu_stat(stat: str, ticks: int = TICKS) -> float:
    """User + system CPU seconds of a process from the text of its ``/proc/PID/stat``."""
    champs = stat[stat.rindex(")") + 2:].split()  # the name may hold spaces and parentheses
    return (int(champs[11]) + int(champs[12])) / ticks


def secondes_cpu(pid: int) -> float | None:
    try:
        return secondes_cpu_stat(Path(f"/proc/{pid}/stat").read_text())
    except (OSError, ValueError, IndexError):
        return None


def occupation_machine(proc_stat: str) -> tuple[int, int]:
    """(busy, total) jiffies of all cores from the first line of ``/proc/stat``; idle and iowait are not busy."""
    valeurs = [int(v) for v in proc_stat.splitlines()[0].split()[1:]]
    total = sum(valeurs[:8])  # guest times are already inside user and nice
    return total - valeurs[3] - valeurs[4], total
