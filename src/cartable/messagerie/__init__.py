"""Messagerie: families and staff write to each other, within the rules of cartable.regles.messagerie."""
