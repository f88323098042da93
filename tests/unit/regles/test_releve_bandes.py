"""The band of the class distribution a student's average falls in (the chart of @@mes-notes highlights it)."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from cartable.regles.releve import bande, distribution

moyennes = st.fractions(min_value=0, max_value=20, max_denominator=1000)


def test_bands_are_half_open_and_20_is_in_the_last():
    assert [bande(Fraction(v)) for v in (0, "1.99", 2, "11.999", 12, "19.5", 20)] == [0, 0, 1, 5, 6, 9, 9]
    assert bande(None) is None


def test_exact_average_below_a_bound_stays_in_the_lower_band_even_if_it_displays_rounded_up():
    # 11.996 displays « 12,00 » but is counted in [10, 12[: the highlighted band must be that one
    assert bande(Fraction("11.996")) == 5


@given(st.lists(moyennes | st.none()), moyennes)
def test_the_band_of_an_average_is_where_distribution_counts_it(autres, moyenne):
    avant = distribution(autres)
    apres = distribution(autres + [moyenne])
    ajoutee = [i for i, (a, b) in enumerate(zip(avant, apres)) if a["eleves"] != b["eleves"]]
    assert ajoutee == [bande(moyenne)]
    assert apres[bande(moyenne)]["de"] <= moyenne <= apres[bande(moyenne)]["a"]
    assert sum(b["eleves"] for b in apres) == len([v for v in autres if v is not None]) + 1
