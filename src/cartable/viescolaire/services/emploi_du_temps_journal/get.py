from cartable.annuaire.services.base import ServiceEtablissement
from cartable.viescolaire import edition_edt
from cartable.viescolaire.stockage import lire_vie_scolaire


class EmploiDuTempsJournalGet(ServiceEtablissement):
    """@emploi-du-temps-journal: the audit of the timetable (direction, CPE), each entry also in a French sentence."""

    def repondre(self, lecteur, annuaire, structure):
        lecteur.exiger_vie_scolaire(structure, "Le journal de l'emploi du temps est réservé à la vie scolaire et à la direction.")
        return {"items": edition_edt.journal_en_mots(lire_vie_scolaire(self.context), annuaire, structure)}
