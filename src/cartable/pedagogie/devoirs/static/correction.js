/* Marking table of a Devoir: GET/POST @correction, the zip of the hand-ins built in the background
   (POST @rendus-zip, progress polled at @cartable-tasks/<id>, then GET @rendus-zip), through
   cartable.commun (files are fetched and handed to the browser: REST answers JSON only). */
(function () {
  "use strict";
  const root = document.getElementById("correction");
  if (!root) return;
  const base = root.dataset.base, modifiable = !!root.dataset.modifiable;
  const $ = (id) => document.getElementById(id);
  const corps = document.querySelector("#tableau tbody");
  const enAttente = {};  // action + student → Idempotency-Key until it succeeds
  // What the teacher typed and the server has not stored yet (mark and feedback per student), kept on
  // this device: a reload, a network cut or an expired session loses nothing; cleared once saved.
  const cleBrouillons = "cartable-correction:" + (root.dataset.login || "") + ":" + base;
  function brouillons() { return JSON.parse(localStorage.getItem(cleBrouillons) || "{}"); }
  function garder(eleve, note, appreciation) {
    const b = brouillons();
    b[eleve] = {note: note, appreciation: appreciation};
    localStorage.setItem(cleBrouillons, JSON.stringify(b));
  }
  function oublier(eleve) {
    const b = brouillons();
    delete b[eleve];
    localStorage.setItem(cleBrouillons, JSON.stringify(b));
  }

  function dire(texte, genre) { $("etat").textContent = texte; $("etat").className = "small text-" + (genre || "body"); }

  async function telecharger(url, nom, bouton) {
    try {
      await Cartable.telecharger(url, {nom: nom, bouton: bouton});
      return true;
    } catch (e) {
      dire(e.message, "danger");
      return false;
    }
  }

  async function agir(donnees, etiquette, siEnregistre) {
    const cle = JSON.stringify(donnees);
    if (!enAttente[cle]) enAttente[cle] = Cartable.nouvelleCle();
    const reponse = await Cartable.appeler(base + "/@correction", {corps: donnees, cle: enAttente[cle]});
    if (!reponse.statut) { dire("Pas de réseau : rien n'est perdu, réessayez.", "danger"); return false; }
    delete enAttente[cle];
    if (!reponse.ok) { dire(reponse.message, "danger"); return false; }
    if (siEnregistre) siEnregistre();
    dire(etiquette, "success");
    await charger();
    return true;
  }

  function cellule(tr, contenu) {
    const td = document.createElement("td");
    if (typeof contenu === "string") td.textContent = contenu; else if (contenu) td.appendChild(contenu);
    tr.appendChild(td);
    return td;
  }

  function bouton(texte, classe, action) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm " + classe + " me-1 mb-1";
    b.textContent = texte;
    b.addEventListener("click", action);
    return b;
  }

  function ligne(l) {
    const tr = document.createElement("tr");
    tr.dataset.eleve = l.eleve;
    cellule(tr, l.nom);
    cellule(tr, l.etat_libelle + (l.retard_texte ? " — " + l.retard_texte : "")).className = l.en_retard ? "text-warning-emphasis" : "";
    cellule(tr, l.remis_le_texte || "—");
    cellule(tr, l.echeance_texte + (l.prolongation ? " (prolongé)" : ""));
    const travail = document.createElement("div");
    l.fichiers.forEach((f) => travail.appendChild(bouton(f.nom, "btn-link p-0 d-block", (ev) => telecharger(f.url, f.nom, ev.target))));
    if (l.texte) {
      const details = document.createElement("details");
      const resume = document.createElement("summary");
      resume.textContent = "Texte en ligne";
      const texte = document.createElement("p");
      texte.style.whiteSpace = "pre-wrap";
      texte.textContent = l.texte;
      details.append(resume, texte);
      travail.appendChild(details);
    }
    cellule(tr, travail);
    const note = document.createElement("input");
    note.className = "form-control form-control-sm";
    note.inputMode = "decimal";
    note.size = 5;
    note.value = l.note || "";
    note.setAttribute("aria-label", "Note de " + l.nom);
    const appreciation = document.createElement("textarea");
    appreciation.className = "form-control form-control-sm";
    appreciation.rows = 2;
    appreciation.value = l.appreciation || "";
    appreciation.setAttribute("aria-label", "Appréciation pour " + l.nom);
    const corrigeable = modifiable && l.actions.includes("corriger");
    note.disabled = appreciation.disabled = !corrigeable;
    const brouillon = corrigeable && brouillons()[l.eleve];
    if (brouillon) {  // typed earlier and not saved: shown again, marked as not saved
      note.value = brouillon.note;
      appreciation.value = brouillon.appreciation;
      tr.classList.add("table-warning");
      tr.title = "Saisie non enregistrée, gardée sur cet appareil";
    }
    [note, appreciation].forEach((champ) => champ.addEventListener("input", () => {
      garder(l.eleve, note.value, appreciation.value);
      tr.classList.add("table-warning");
    }));
    cellule(tr, note);
    cellule(tr, appreciation);
    const actions = cellule(tr, null);
    if (corrigeable) {
      actions.appendChild(bouton("Enregistrer", "btn-primary", () => agir(
        {action: "corriger", eleve: l.eleve, note: note.value, appreciation: appreciation.value}, "Correction enregistrée.",
        () => oublier(l.eleve))));
    }
    if (modifiable && l.actions.includes("restituer")) {
      actions.appendChild(bouton("Restituer", "btn-outline-success", () => agir({action: "restituer", eleve: l.eleve}, "Copie restituée.")));
    }
    if (modifiable && l.actions.includes("rouvrir")) {
      actions.appendChild(bouton("Rouvrir", "btn-outline-secondary", () => agir({action: "rouvrir", eleve: l.eleve}, "Rendu rouvert.")));
    }
    if (modifiable) actions.appendChild(bouton("Prolonger…", "btn-outline-secondary", () => prolonger(l)));
    return tr;
  }

  async function charger() {
    const reponse = await Cartable.appeler(base + "/@correction");
    if (!reponse.statut) { dire("Pas de réseau : rechargez la page dans un instant.", "danger"); return; }
    if (!reponse.ok) { dire(reponse.message, "danger"); return; }
    const data = reponse.donnees;
    corps.replaceChildren(...data.lignes.map(ligne));
    root.dataset.remis = String(data.remis);
    $("restituer-tout").hidden = !modifiable;
  }

  let eleveProlonge = null;
  function prolonger(l) {
    eleveProlonge = l.eleve;
    $("prolongation-eleve").textContent = l.nom;
    $("prolongation-echeance").value = l.prolongation ? l.prolongation.echeance.slice(0, 16) : "";
    $("prolongation-limite").value = l.prolongation && l.prolongation.date_limite ? l.prolongation.date_limite.slice(0, 16) : "";
    $("prolongation").showModal();
  }
  $("prolongation").addEventListener("close", () => {
    if ($("prolongation").returnValue !== "ok" || !eleveProlonge) return;
    agir({action: "prolonger", eleve: eleveProlonge, echeance: $("prolongation-echeance").value,
          date_limite: $("prolongation-limite").value || null}, "Prolongation accordée.");
  });

  $("restituer-tout").addEventListener("click", async () => {
    if (!window.confirm("Restituer toutes les copies corrigées ? Les élèves verront leur note et votre appréciation.")) return;
    agir({action: "restituer_tout"}, "Copies corrigées restituées.");
  });

  function avancer(fait, total) { Cartable.avancer($("zip-progression"), fait, total); }

  async function suivre(url) {
    let job;
    try {
      job = await Cartable.suivreTache(url, {
        progression: (j) => {
          avancer(j.done || 0, j.total);
          if (j.state === "queued" || j.state === "running") dire(j.state === "queued" ? "En attente d'un processus de préparation…" : "Préparation : " + (j.message || ""), "body");
        },
        horsLigne: () => dire("Réseau interrompu : le suivi reprend dans un instant (la préparation continue).", "warning"),
      });
    } catch (e) { dire(e.message, "danger"); $("zip").disabled = false; return; }
    if (job.state === "failed") { dire("La préparation du zip a échoué : " + (job.error || "erreur inconnue") + ". Relancez-la.", "danger"); $("zip").disabled = false; return; }
    avancer(1, 1);
    dire("Zip prêt (" + ((job.result || {}).rendus || 0) + " rendu(s)) : téléchargement…", "success");
    await telecharger(base + "/@rendus-zip", "rendus.zip", $("zip"));
  }

  $("zip").addEventListener("click", async () => {
    $("zip").disabled = true;
    const reponse = await Cartable.appeler(base + "/@rendus-zip", {corps: {}, cle: Cartable.nouvelleCle()});
    if (!reponse.ok) { dire(reponse.statut ? reponse.message : "Pas de réseau : rien n'a été lancé.", "danger"); $("zip").disabled = false; return; }
    $("zip-suivi").hidden = false;
    avancer(0, 1);
    suivre(reponse.donnees.suivi);
  });

  charger();
})();
