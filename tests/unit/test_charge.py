"""The pure parts of the peak scenarios: percentiles, summary, conflicts, CSV, chart, results folder.

They live with the load-test commands in scripts/ (scripts/charge_resultats.py), not in the package.
"""

import math
import random
import statistics
import sys
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from charge_resultats import (  # noqa: E402
    COLONNES,
    THREADS_INSTANCES,
    Requete,
    conflits,
    dossier_resultats,
    ecrire_csv,
    ecrire_graphique,
    lire_csv,
    occupation_machine,
    par_seconde,
    percentile,
    resumer,
    secondes_cpu,
    secondes_cpu_stat,
    tableau,
)

T0 = datetime(2026, 11, 30, 8, 0).timestamp()


def test_percentile_interpolates_between_ranks():
    assert percentile([10, 20, 30, 40, 50], 50) == 30
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([5, 1, 3], 0) == 1 and percentile([5, 1, 3], 100) == 5
    assert percentile(list(range(101)), 99) == 99
    assert percentile([7], 95) == 7
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile([1], 101)


@settings(deadline=None)  # no time limit: it failed once here beside other work, and 20,000 examples found no wrong value
@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=200))
def test_percentile_agrees_with_the_standard_library(valeurs):
    # statistics.quantiles(method="inclusive") is the same linear interpolation
    if len(valeurs) >= 2:
        attendus = statistics.quantiles(valeurs, n=100, method="inclusive")
        for p in (50, 95, 99):
            assert percentile(valeurs, p) == pytest.approx(attendus[p - 1], rel=1e-9, abs=1e-6)
    assert min(valeurs) <= percentile(valeurs, 50) <= max(valeurs)


def requetes_exemple():
    rnd = random.Random(3)
    lignes = []
    for i in range(300):
        endpoint = "@appel POST" if i % 3 else "@appel GET"
        statut = 503 if i % 50 == 0 else 200
        lignes.append(Requete(T0 + i * 0.02, "8h", endpoint, statut, rnd.uniform(5, 400)))
    lignes.append(Requete(T0 + 7.5, "8h", "@mon-profil", 0, 60000.0))  # no answer
    return lignes


def test_summary_per_endpoint_then_total():
    requetes = requetes_exemple()
    lignes = resumer(requetes, duree=10)
    assert [l.endpoint for l in lignes] == ["@appel GET", "@appel POST", "@mon-profil", "total"]
    total = lignes[-1]
    assert total.requetes == 301 and total.par_seconde == pytest.approx(30.1)
    assert total.erreurs == 6 + 1  # 503s every 50th request, and the unanswered one
    get, post = lignes[0], lignes[1]
    assert (get.requetes, get.erreurs) == (100, 2)  # i = 0 and 150 are multiples of both 50 and 3
    assert (post.requetes, post.erreurs) == (200, 4)
    latences = [r.latence_ms for r in requetes if r.endpoint == "@appel GET"]
    assert get.p50 == pytest.approx(statistics.median(latences))
    assert get.p50 <= get.p95 <= get.p99 <= max(latences)
    assert "@appel POST" in tableau(lignes) and "total" in tableau(lignes).splitlines()[-1]
    with pytest.raises(ValueError):
        resumer(requetes, 0)


def test_conflicts_are_the_difference_summed_over_instances():
    avant = [{"conflicts": {"retried": 3, "failed": 0}}, {"conflicts": {"retried": 10, "failed": 1}}]
    apres = [{"conflicts": {"retried": 8, "failed": 0}}, {"conflicts": {"retried": 12, "failed": 2}}]
    assert conflits(avant, apres) == (7, 1)
    relancee = [{"conflicts": {"retried": 8, "failed": 0}}, {"conflicts": {"retried": 4, "failed": 0}}]
    assert conflits(avant, relancee) == (5 + 4, 0)  # the second instance restarted: its 4 since then
    with pytest.raises(ValueError):
        conflits(avant, apres[:1])


def test_per_second_buckets_include_quiet_seconds():
    requetes = [Requete(T0 + 0.1, "s", "a", 200, 10), Requete(T0 + 0.9, "s", "a", 200, 30),
                Requete(T0 + 2.2, "s", "a", 200, 50)]
    secondes = par_seconde(requetes)
    assert [(s.seconde, s.requetes) for s in secondes] == [(0, 2), (1, 0), (2, 1)]
    assert secondes[0].p50 == 20 and math.isnan(secondes[1].p50) and secondes[2].p99 == 50
    assert par_seconde([]) == []


def test_csv_has_one_line_per_request_in_time_order(tmp_path):
    requetes = requetes_exemple()
    chemin = tmp_path / "requetes.csv"
    ecrire_csv(chemin, list(reversed(requetes)))
    lignes = chemin.read_text(encoding="utf-8").splitlines()
    assert lignes[0] == ",".join(COLONNES)
    assert len(lignes) == 1 + len(requetes)
    assert lignes[1].startswith("2026-11-30T08:00:00.000,8h,@appel GET,503,")
    relues = lire_csv(chemin)
    assert [r.temps for r in relues] == sorted(r.temps for r in relues)
    originales = sorted(requetes, key=lambda r: r.temps)
    assert [(r.endpoint, r.statut) for r in relues] == [(r.endpoint, r.statut) for r in originales]
    assert all(abs(a.latence_ms - b.latence_ms) <= 0.05 and abs(a.temps - b.temps) < 0.001 for a, b in zip(relues, originales))


def test_chart_is_a_png(tmp_path):
    chemin = tmp_path / "graphique.png"
    ecrire_graphique(chemin, requetes_exemple(), "8h — essai")
    contenu = chemin.read_bytes()
    assert contenu.startswith(b"\x89PNG\r\n\x1a\n") and len(contenu) > 10_000
    vide = tmp_path / "vide.png"
    ecrire_graphique(vide, [], "aucune requête")  # a run where nothing answered still gets its chart
    assert vide.read_bytes().startswith(b"\x89PNG")


def test_results_folder_is_named_after_scenario_and_date(tmp_path):
    quand = datetime(2026, 11, 30, 8, 0, 5)
    premier = dossier_resultats(tmp_path / "charge", "8h", quand)
    second = dossier_resultats(tmp_path / "charge", "8h", quand)
    assert premier == tmp_path / "charge" / "8h-20261130-080005" and premier.is_dir()
    assert second.name == "8h-20261130-080005-2" and second.is_dir()


def test_cpu_seconds_of_a_process_from_its_stat_line():
    # the name holds a space and a parenthesis: fields are counted after the last ")"
    stat = "4242 (zope (x) 1) S 1 4242 4242 0 -1 4194560 9000 0 12 0 1234 566 0 0 20 0 5 0 777 0 0"
    assert secondes_cpu_stat(stat, ticks=100) == pytest.approx(18.0)
    import os
    moi = secondes_cpu(os.getpid())
    assert moi is not None and moi > 0
    assert secondes_cpu(2**22 + 12345) is None  # beyond pid_max: no such process


def test_machine_occupation_leaves_idle_and_iowait_out():
    ligne = "cpu  100 5 50 800 20 3 2 0 0 0\ncpu0 50 2 25 400 10 1 1 0 0 0\n"
    assert occupation_machine(ligne) == (100 + 5 + 50 + 3 + 2, 980)


def test_the_benchmarks_serve_with_the_instances_default_threads():
    """The benchmarks' default is the instances' own (kept apart so that an older checkout can be measured)."""
    from cartable.ops import instance

    assert THREADS_INSTANCES == instance.THREADS
