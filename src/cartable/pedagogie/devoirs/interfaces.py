"""Extension point « note → carnet de notes » of the hand-ins."""

from zope.interface import Interface


class IEnvoiNote(Interface):
    """Receives the mark of a Rendu when the teacher restitutes it.

    Register any number of *named* utilities providing this interface (for
    example the grades add-on, to enter the mark in an evaluation)::

        <utility factory=".mon_module.EnvoiAuCarnet" name="carnet"
                 provides="cartable.pedagogie.devoirs.interfaces.IEnvoiNote" />

    The grades add-on registers one, « cartable.notes » (``cartable.notes.envoi_devoir``): the mark becomes
    the student's entry of the evaluation linked to the Devoir. On « restituer » (one Rendu or all of
    them), when the Rendu carries a mark, every registered utility is called
    once, inside the request's transaction: an exception it raises refuses the
    restitution and nothing is kept. A Rendu restituted without a mark calls
    nothing.
    """

    def envoyer(devoir, rendu, note, bareme):
        """``note``: ``decimal.Decimal`` between 0 and ``bareme`` (int, the Devoir's « Noté sur »)."""
