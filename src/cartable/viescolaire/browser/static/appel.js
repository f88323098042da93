/* Roll call on a phone: see cartable/viescolaire/browser/appel.py. Each mark goes to the outbox of
   cartable.commun (localStorage, one Idempotency-Key per mark, sent in order): a mark the server
   already has is answered again, never applied twice; an expired session is renewed on this page. */
(function () {
  "use strict";
  const racine = document.getElementById("appel");
  const base = racine.dataset.base, cle = racine.dataset.cle;
  const ligneEtat = document.getElementById("etat-envoi");
  const libelles = {absence: "Absent", retard: "Retard", depart: "Départ"};
  let registre = null, refus = "";

  function montrer(texte, genre) {
    ligneEtat.textContent = texte;
    ligneEtat.className = "alert py-2 sticky-top alert-" + genre;
  }

  function afficherEtat(etat) {
    const n = etat.attente;
    if (!etat.session) montrer("Session expirée : " + n + " modification(s) gardée(s) sur cet appareil. Reconnectez-vous ci-dessous.", "danger");
    else if (!etat.reseau) montrer("Pas de réseau : " + n + " modification(s) gardée(s) sur cet appareil, envoi dès le retour du réseau.", "warning");
    else if (n) montrer(n + (n > 1 ? " modifications en attente d'envoi…" : " modification en attente d'envoi…"), "info");
    else if (refus) montrer(refus, "warning");
    else montrer(registre && registre.etat === "fait" ? "Appel terminé et enregistré." : "Tout est enregistré.", "success");
  }

  const boite = cle && Cartable.boite({
    stockage: "cartable-appel:" + base + ":" + cle,
    url: base + "/@appel/" + cle,
    reessai: 3000,
    apres: ligneEtat,
    portail: (racine.dataset.loginUrl || "").replace(/\/login$/, "") || undefined,
    surEtat: afficherEtat,
    surReponse: (donnees) => {
      registre = donnees;
      for (const r of boite.requetes()) appliquer(r.corps);  // still on their way
      afficher();
    },
    surRefus: (r) => { refus = "Refusé : " + r.message; },  // by the rules: sending it again would not help
  });

  function noter(corps) {
    refus = "";
    appliquer(corps);
    afficher();
    boite.ajouter(corps);
  }

  function appliquer(corps) {
    for (const [id, marque] of Object.entries(corps.marques || {})) {
      const eleve = registre.eleves.find((e) => e.id === id);
      if (eleve) eleve.marque = marque.type === "present" ? null : marque;
    }
    if (corps.fait) registre.etat = "fait";
  }

  function afficher() {
    document.getElementById("titre").textContent = registre.debut + "–" + registre.fin + " · " + registre.division.libelle + " · " + registre.matiere;
    document.getElementById("sous-titre").textContent = (registre.salle ? "Salle " + registre.salle + " · " : "") +
      (registre.annule ? "Cours annulé (" + registre.motif + ")" : registre.eleves.length + " élèves, tous présents par défaut");
    const liste = document.getElementById("eleves");
    liste.replaceChildren();
    for (const eleve of registre.eleves) {
      const li = document.createElement("li");
      li.className = "list-group-item d-flex flex-wrap align-items-center gap-2" + (eleve.marque ? " list-group-item-warning" : "");
      li.dataset.eleve = eleve.id;
      const nom = document.createElement("span");
      nom.className = "me-auto fw-semibold";
      nom.textContent = eleve.nom + " " + eleve.prenom + (eleve.marque ? " — " + libelles[eleve.marque.type] + (eleve.marque.minutes ? " " + eleve.marque.minutes + " min" : "") : "") +
        (eleve.dispense ? " (dispensé" + (eleve.dispense.motif ? " : " + eleve.dispense.motif : "") + ")" : "");
      li.append(nom);
      for (const type of ["absence", "retard", "depart", "present"]) {
        const bouton = document.createElement("button");
        bouton.type = "button";
        bouton.className = "btn " + (type === "present" ? "btn-outline-secondary" : "btn-outline-danger");
        bouton.textContent = type === "present" ? "Présent" : libelles[type];
        bouton.dataset.type = type;
        bouton.disabled = !registre.modifiable;
        bouton.addEventListener("click", () => {
          const marque = {type: type};
          if (type === "retard") {
            const minutes = parseInt(prompt("Retard en minutes ?", "5"), 10);
            if (!(minutes > 0)) return;
            marque.minutes = minutes;
          }
          noter({marques: {[eleve.id]: marque}});
        });
        li.append(bouton);
      }
      liste.append(li);
    }
    document.getElementById("terminer").disabled = !registre.modifiable;
  }

  async function ouvrirRegistre() {
    document.getElementById("registre").hidden = false;
    const r = await Cartable.appeler(base + "/@appel/" + cle);
    if (!r.ok) { montrer("Appel inaccessible (" + (r.statut || "pas de réseau") + ").", "warning"); return; }
    registre = r.donnees;
    for (const requete of boite.requetes()) appliquer(requete.corps);  // what this phone had not sent yet
    afficher();
    afficherEtat(boite.etat());
    boite.envoyer();
    document.getElementById("terminer").addEventListener("click", () => noter({marques: {}, fait: true}));
  }

  async function ouvrirListe() {
    document.getElementById("liste").hidden = false;
    const r = await Cartable.appeler(base + "/@appels");
    if (!r.ok) { montrer("Liste inaccessible (" + (r.statut || "pas de réseau") + ").", "warning"); return; }
    const liste = document.getElementById("cours");
    for (const item of r.donnees.items) {
      const a = document.createElement("a");
      a.className = "list-group-item list-group-item-action" + (item.non_fait ? " list-group-item-danger" : "");
      a.href = base + "/@@appel?cle=" + encodeURIComponent(item.cle);
      a.textContent = item.debut + " " + item.division + (item.annule ? " — annulé" : " — " + ({a_faire: "à faire", en_cours: "en cours", fait: "fait"})[item.etat]);
      liste.append(a);
    }
    montrer(r.donnees.items.length ? r.donnees.items.length + " cours aujourd'hui." : "Aucun cours aujourd'hui.", "secondary");
  }

  (cle ? ouvrirRegistre : ouvrirListe)();
})();
