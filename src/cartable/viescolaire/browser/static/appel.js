/* Roll call on a phone: see cartable/viescolaire/browser/appel.py. Marks go to the outbox of cartable.commun
   (localStorage first): the changes made within about a second share one POST (boite.mettre, one field per
   student, the newest change of a student wins), each request with its Idempotency-Key, kept until the server
   has answered: a replay is answered again, never applied twice; an expired session is renewed on this page.
   Each student's state is shown in colour and in words, the pressed button says aria-pressed; lateness minutes
   are chosen inline (5, 10, 15, autre); the bar at the bottom says what is saved and holds « Appel terminé ».
   Cartable momentarily unavailable (a 503: its database restarts) or no network when the page reads the register
   or the day's list: the page says so and reads again after the server's Retry-After (3 s without one); the
   marks this phone has not sent stay in its outbox and go once the register is read. */
(function () {
  "use strict";
  const racine = document.getElementById("appel");
  const base = racine.dataset.base, cle = racine.dataset.cle;
  const ligneEtat = document.getElementById("etat-envoi");
  const boutonTerminer = document.getElementById("terminer");
  const libelles = {absence: "Absent", retard: "Retard", depart: "Départ", present: "Présent"};
  const MINUTES = [5, 10, 15];
  let registre = null, refus = "", ouvert = null, termine = false;

  // « 08:30 » → « 8 h 30 »
  const heureFr = (hhmm) => { const [h, m] = hhmm.split(":"); return parseInt(h, 10) + " h" + (m === "00" ? "" : " " + m); };

  function montrer(texte, genre) {
    ligneEtat.textContent = texte;
    ligneEtat.className = "alert py-2 mb-0 alert-" + genre;
  }

  function afficherEtat(etat) {
    const n = etat.attente;
    if (!etat.session) montrer("Session expirée : " + n + " modification(s) gardée(s) sur cet appareil. Reconnectez-vous ci-dessous.", "danger");
    else if (!etat.reseau) montrer("Pas de réseau : " + n + " modification(s) gardée(s) sur cet appareil, envoi dès le retour du réseau.", "warning");
    else if (etat.indisponible && n) montrer(Cartable.etatEnMots(etat, {unite: "modification(s)", gardees: "gardée(s)"}).texte, "warning");
    else if (n) montrer(n + (n > 1 ? " modifications en attente d'envoi…" : " modification en attente d'envoi…"), "info");
    else if (refus) montrer(refus, "warning");
    else if (registre && registre.etat === "fait") montrer("✓ Appel terminé et enregistré.", "success");
    else montrer("Tout est enregistré.", "success");
    if (registre) {
      boutonTerminer.textContent = registre.etat === "fait" ? "Appel terminé ✓" : "Appel terminé";
      boutonTerminer.classList.toggle("btn-outline-success", registre.etat === "fait");
      boutonTerminer.classList.toggle("btn-success", registre.etat !== "fait");
    }
  }

  const boite = cle && Cartable.boite({
    stockage: "cartable-appel:" + base + ":" + cle,
    url: base + "/@appel/" + cle,
    delai: 1000,  // the marks of about a second share one request
    regrouper: (changes) => ({marques: changes}),
    reessai: 3000,
    apres: document.getElementById("sous-titre"),  // the re-login form, above the list
    portail: (racine.dataset.loginUrl || "").replace(/\/login$/, "") || undefined,
    surEtat: afficherEtat,
    surReponse: (donnees) => {
      registre = donnees;
      rejouer();  // what is still on its way
      afficher();
    },
    surRefus: (r) => { refus = "Refusé : " + r.message; },  // by the rules: sending it again would not help
  });

  function marquer(eleve, marque) {
    refus = "";
    eleve.marque = marque.type === "present" ? null : marque;
    ouvert = null;
    afficher();
    boite.mettre(eleve.id, marque);
  }

  function appliquer(marques) {
    for (const [id, marque] of Object.entries(marques || {})) {
      const eleve = registre.eleves.find((e) => e.id === id);
      if (eleve) eleve.marque = marque.type === "present" ? null : marque;
    }
  }

  // the changes this phone has not had confirmed yet, over the server's register
  function rejouer() {
    for (const r of boite.requetes()) {
      if (!r.changes) appliquer(r.corps.marques);  // one request of its own (kept by this page before the batches)
      if (r.corps.fait) registre.etat = "fait";
    }
    appliquer(boite.changes());
  }

  function etatEnMots(marque) {
    if (!marque) return "Présent";
    if (marque.type === "retard") return "Retard" + (marque.minutes ? " " + marque.minutes + " min" : "");
    return libelles[marque.type];
  }

  function bouton(texte, presse, genre, action) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn " + (presse ? "btn-" + genre : "btn-outline-" + genre);
    b.textContent = texte;
    b.setAttribute("aria-pressed", presse ? "true" : "false");
    b.disabled = !registre.modifiable;
    b.addEventListener("click", action);
    return b;
  }

  function choixMinutes(eleve) {
    const zone = document.createElement("div");
    zone.className = "minutes";
    zone.setAttribute("role", "group");
    zone.setAttribute("aria-label", "Minutes de retard de " + eleve.prenom + " " + eleve.nom);
    const actuelles = eleve.marque && eleve.marque.type === "retard" ? eleve.marque.minutes : null;
    for (const m of MINUTES) {
      const b = bouton(m + " min", actuelles === m, "warning", () => marquer(eleve, {type: "retard", minutes: m}));
      b.dataset.minutes = String(m);
      zone.append(b);
    }
    const autre = document.createElement("input");
    autre.type = "number"; autre.min = "1"; autre.max = "240"; autre.inputMode = "numeric";
    autre.className = "form-control"; autre.placeholder = "autre";
    autre.setAttribute("aria-label", "Autre durée, en minutes");
    if (actuelles && !MINUTES.includes(actuelles)) autre.value = String(actuelles);
    const ok = bouton("OK", false, "secondary", () => {
      const minutes = parseInt(autre.value, 10);
      if (minutes > 0 && minutes <= 240) marquer(eleve, {type: "retard", minutes: minutes});
      else { autre.setCustomValidity("De 1 à 240 minutes"); autre.reportValidity(); }
    });
    ok.dataset.minutes = "autre";
    autre.addEventListener("input", () => autre.setCustomValidity(""));
    autre.addEventListener("keydown", (ev) => { if (ev.key === "Enter") ok.click(); });
    zone.append(autre, ok);
    return zone;
  }

  function afficher() {
    document.getElementById("titre").textContent = heureFr(registre.debut) + " – " + heureFr(registre.fin) + " · " +
      registre.division.libelle + " · " + registre.matiere;
    document.getElementById("sous-titre").textContent = (registre.salle ? "Salle " + registre.salle + " · " : "") +
      (registre.annule ? "Cours annulé (" + registre.motif + ")" : registre.eleves.length + " élèves, tous présents par défaut");
    const liste = document.getElementById("eleves");
    liste.replaceChildren();
    for (const eleve of registre.eleves) {
      const type = eleve.marque ? eleve.marque.type : "present";
      const li = document.createElement("li");
      li.className = "list-group-item eleve d-flex flex-wrap align-items-center gap-2 marque-" + type;
      li.dataset.eleve = eleve.id;
      li.dataset.etat = type;
      const nom = document.createElement("span");
      nom.className = "me-auto fw-semibold";
      nom.textContent = eleve.nom + " " + eleve.prenom + (eleve.dispense ? " (dispensé" + (eleve.dispense.motif ? " : " + eleve.dispense.motif : "") + ")" : "");
      const etat = document.createElement("span");
      etat.className = "etat-eleve ms-1";
      etat.textContent = etatEnMots(eleve.marque);
      nom.append(" ", etat);
      li.append(nom);
      for (const choix of ["absence", "retard", "depart", "present"]) {
        const b = bouton(libelles[choix], choix === type, choix === "present" ? "secondary" : choix === "retard" ? "warning" : "danger", () => {
          if (choix === "retard") { ouvert = ouvert === eleve.id ? null : eleve.id; afficher(); return; }
          marquer(eleve, {type: choix});
        });
        b.dataset.type = choix;
        if (choix === "retard") b.setAttribute("aria-expanded", ouvert === eleve.id ? "true" : "false");
        li.append(b);
      }
      if (ouvert === eleve.id) li.append(choixMinutes(eleve));
      liste.append(li);
    }
    boutonTerminer.hidden = false;
    boutonTerminer.disabled = !registre.modifiable;
    afficherEtat(boite.etat());
  }

  // « Appel terminé »: the marks waiting go first, then the register is closed; the bar says it.
  async function terminer() {
    if (termine) return;
    termine = true;
    try {
      registre.etat = "fait";
      montrer("Appel terminé : enregistrement…", "info");
      while (boite.etat().envoi) await new Promise((r) => setTimeout(r, 200));
      await boite.envoyer();
      await boite.ajouter({marques: {}, fait: true});
    } finally {
      termine = false;
    }
  }

  // A read that may succeed in a moment: no network, a 503 (its Retry-After), a proxy with no instance behind.
  function passager(r) { return r.statut === 0 || r.statut === 502 || r.statut === 503 || r.statut === 504; }
  function plusTard(r, lire) {
    const demande = r.reponse ? parseInt(r.reponse.headers.get("Retry-After"), 10) : NaN;
    const secondes = demande > 0 ? Math.min(demande, 60) : 3;
    const n = boite ? boite.etat().attente : 0;
    montrer((r.statut === 0 ? "Pas de réseau" : "Cartable est momentanément indisponible") + " : nouvel essai dans " +
      secondes + " s." + (n ? " " + n + " modification(s) gardée(s) sur cet appareil." : ""), "warning");
    setTimeout(lire, secondes * 1000);
  }

  async function ouvrirRegistre() {
    document.getElementById("registre").hidden = false;
    const r = await Cartable.appeler(base + "/@appel/" + cle);
    if (!r.ok && passager(r)) { plusTard(r, ouvrirRegistre); return; }
    if (!r.ok) { montrer("Appel inaccessible (" + (r.statut || "pas de réseau") + ").", "warning"); return; }
    registre = r.donnees;
    rejouer();  // what this phone had not sent yet
    afficher();
    boite.envoyer();
    boutonTerminer.addEventListener("click", terminer);
  }

  async function ouvrirListe() {
    document.getElementById("liste").hidden = false;
    const r = await Cartable.appeler(base + "/@appels");
    if (!r.ok && passager(r)) { plusTard(r, ouvrirListe); return; }
    if (!r.ok) { montrer("Liste inaccessible (" + (r.statut || "pas de réseau") + ").", "warning"); return; }
    const liste = document.getElementById("cours");
    const etats = {a_faire: "à faire", en_cours: "en cours", fait: "fait"};
    for (const item of r.donnees.items) {
      const a = document.createElement("a");
      a.className = "list-group-item list-group-item-action" + (item.non_fait ? " list-group-item-danger" : "");
      a.href = base + "/@@appel?cle=" + encodeURIComponent(item.cle);
      a.textContent = heureFr(item.debut) + " " + item.division + (item.annule ? " — annulé" : " — appel " + etats[item.etat]);
      liste.append(a);
    }
    const n = r.donnees.items.length;
    montrer(n ? n + " cours aujourd'hui." : "Aucun cours aujourd'hui.", "secondary");
  }

  (cle ? ouvrirRegistre : ouvrirListe)();
})();
