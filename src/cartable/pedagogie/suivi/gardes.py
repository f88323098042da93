"""What the workflow alone does not record: a hand-in made through ``@workflow/remettre``.

The guard of « remettre » (``Rendu.transition_permise``) already applies the
cut-off rules whatever the endpoint; but only the ``@rendu`` service kept the
hand-in time and lateness. A student who handed in late through plone.restapi's
``@workflow`` would have escaped the late flag: the rules record it here too
(``@rendu`` records the same values again just after, from the same rules).
"""

from Acquisition import aq_inner, aq_parent

from cartable.core import horloge
from cartable.regles import devoirs as regles


def remise_enregistree(rendu, event):
    if getattr(event.transition, "id", None) != "remettre":
        return
    devoir = aq_parent(aq_inner(rendu))
    try:
        nouveau = regles.appliquer(devoir.regle(), rendu.regle(etat=event.old_state.id), "remettre", rendu.eleve,
                                   horloge.instant())
    except (regles.TransitionRefusee, regles.DevoirInvalide, AttributeError):
        return  # the guard let it through: nothing the rules could add
    rendu.retenir(nouveau)
