"""IndexAgenda.noter_remise keeps each Devoir's count of copies to mark (« remis ») equal to its students'
Remises in that state, whatever the order of the changes."""

from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from cartable.pedagogie.agenda.stockage import IndexAgenda
from cartable.regles.agenda import Remise

ETATS = ["brouillon", "remis", "rouvert", "corrige", "restitue", "non rendu"]
remise = st.one_of(st.none(), st.builds(Remise, st.sampled_from(ETATS),
                                        st.sampled_from([None, datetime(2026, 11, 16, 16, 30, tzinfo=timezone.utc)])))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["e1", "e2", "e3"]), st.sampled_from(["d1", "d2"]), remise), max_size=30))
def test_the_count_follows_the_remises(changements):
    index = IndexAgenda()
    for eleve, travail, r in changements:
        index.noter_remise(eleve, travail, r)
    for travail in ("d1", "d2"):
        attendu = sum(1 for t in index.remises.values() if t.get(travail) is not None and t[travail].etat == "remis")
        assert index.copies_a_corriger(travail) == attendu
    assert all(r is not None for t in index.remises.values() for r in t.values())
