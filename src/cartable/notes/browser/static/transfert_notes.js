/* Grades transfer page (direction): exports fetched from @notes-export and
   saved as files; the import sends the file (base64) to @notes-import as a dry
   run, shows every row's fate, and offers the confirmation only when no row is
   rejected. The confirmation says Prefer: respond-async: a large file is then
   written by a background task whose progress is followed at its suivi URL. */
(function () {
  "use strict";
  const root = document.getElementById("transfert");
  if (!root) return;
  const base = root.dataset.base, tailleMax = Number(root.dataset.tailleMax), tailleTexte = root.dataset.tailleTexte;
  const etat = document.getElementById("etat"), essai = document.getElementById("essai");
  const resume = document.getElementById("resume"), corps = document.querySelector("#lignes tbody");
  const confirmer = document.getElementById("confirmer"), rejetsPresent = document.getElementById("rejets-present");
  const filtre = document.getElementById("filtre"), plus = document.getElementById("plus");
  const bloc = document.getElementById("import-progression"), barre = document.getElementById("progression");
  const essayer = document.getElementById("essayer"), entree = document.getElementById("fichier");
  const SORTS = {creer: "À créer", mettre_a_jour: "À mettre à jour", inchange: "Inchangée", rejetee: "Rejetée"};
  const TYPES = {periode: "Période", evaluation: "Évaluation", note: "Note", appreciation: "Appréciation",
                 appreciation_generale: "Appréciation générale", conseil: "Conseil", competence: "Compétence",
                 position: "Position", positionnement: "Positionnement", elements: "Éléments travaillés",
                 fin_de_cycle: "Bilan de fin de cycle"};
  const PAGE = 500;  // rows added to the table at a time: a big file stays usable
  let fichier = null, lignes = [], affichees = 0;

  function dire(texte, genre) {
    etat.textContent = texte;
    etat.className = "small text-" + (genre || "body");
  }

  function nombre(n) { return Number(n).toLocaleString("fr-FR"); }

  // -- export ---------------------------------------------------------------
  document.querySelectorAll("button.export").forEach((bouton) => bouton.addEventListener("click", async () => {
    bouton.disabled = true;
    dire("Préparation de l'export " + bouton.dataset.format.toUpperCase() + "…");
    try {
      await Cartable.telecharger(base + "/@notes-export?format=" + encodeURIComponent(bouton.dataset.format),
                                 {nom: "notes." + bouton.dataset.format, bouton: bouton});
      dire("Export " + bouton.dataset.format.toUpperCase() + " téléchargé.", "success");
    } catch (e) {
      dire(e.message, "danger");
    }
  }));

  // -- import: dry run --------------------------------------------------------
  function afficherResume(r) {
    const types = [...new Set(Object.values(r).flatMap((parType) => Object.keys(parType)))].sort();
    resume.replaceChildren();
    const tete = resume.createTHead().insertRow();
    ["Sort", ...types.map((t) => TYPES[t] || t), "Total"].forEach((t) => { const th = document.createElement("th"); th.scope = "col"; th.textContent = t; tete.appendChild(th); });
    const tbody = resume.createTBody();
    Object.keys(SORTS).forEach((sort) => {
      const tr = tbody.insertRow(), parType = r[sort] || {};
      tr.dataset.sort = sort;
      const th = document.createElement("th"); th.scope = "row"; th.textContent = SORTS[sort]; tr.appendChild(th);
      types.forEach((t) => { tr.insertCell().textContent = nombre(parType[t] || 0); });
      tr.insertCell().textContent = nombre(Object.values(parType).reduce((a, b) => a + b, 0));
      if (sort === "rejetee" && Object.keys(parType).length) tr.className = "table-danger";
    });
  }

  function detail(l) {
    if (l.raison) return l.raison;
    const champs = Object.entries(l.changements || {});
    return champs.map(([champ, [avant, apres]]) => champ + " : " + (avant === null || avant === "" ? "(vide)" : avant) + " → " + (apres === "" ? "(vide)" : apres)).join(" ; ");
  }

  function ajouterLignes() {
    const choisies = filtre.value ? lignes.filter((l) => l.sort === filtre.value) : lignes;
    const fragment = document.createDocumentFragment();
    choisies.slice(affichees, affichees + PAGE).forEach((l) => {
      const tr = document.createElement("tr");
      tr.dataset.sort = l.sort;
      if (l.sort === "rejetee") tr.className = "table-danger";
      [String(l.ligne), TYPES[l.type] || l.type, SORTS[l.sort] || l.sort, detail(l)].forEach((t) => { tr.insertCell().textContent = t; });
      fragment.appendChild(tr);
    });
    corps.appendChild(fragment);
    affichees = Math.min(choisies.length, affichees + PAGE);
    plus.hidden = affichees >= choisies.length;
    plus.textContent = "Afficher la suite (" + nombre(choisies.length - affichees) + " ligne(s))";
  }

  function afficherLignes() { corps.replaceChildren(); affichees = 0; ajouterLignes(); }

  document.getElementById("import").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const f = entree.files[0];
    essai.hidden = true; confirmer.hidden = true; bloc.hidden = true; fichier = null;
    if (!f) { dire("Choisissez un fichier.", "danger"); return; }
    if (!/\.(csv|xlsx|json)$/i.test(f.name)) { dire("Fichier refusé : « " + f.name + " » n'est ni .csv, ni .xlsx, ni .json.", "danger"); return; }
    if (f.size > tailleMax) { dire("Fichier refusé : il dépasse " + tailleTexte + " (" + nombre(Math.ceil(f.size / 1048576)) + " Mo).", "danger"); return; }
    if (f.size === 0) { dire("Fichier refusé : il est vide.", "danger"); return; }
    essayer.disabled = true;
    dire("Vérification de « " + f.name + " »…");
    try {
      const contenu = await Cartable.enBase64(f);
      const r = await Cartable.appeler(base + "/@notes-import", {corps: {fichier: contenu, nom: f.name, confirmer: false}});
      if (!r.ok) { dire(r.statut ? r.message : "Pas de réseau ou fichier illisible : réessayez.", "danger"); return; }
      const data = r.donnees;
      lignes = data.lignes;
      afficherResume(data.resume);
      const rejets = lignes.filter((l) => l.sort === "rejetee").length;
      const aEcrire = lignes.filter((l) => l.sort === "creer" || l.sort === "mettre_a_jour").length;
      const total = data.lignes_total === undefined ? lignes.length : data.lignes_total;  // unchanged rows: counted, not listed
      filtre.value = rejets ? "rejetee" : "";
      afficherLignes();
      essai.hidden = false;
      rejetsPresent.hidden = !rejets;
      confirmer.hidden = rejets > 0;
      if (!rejets) fichier = {contenu: contenu, nom: f.name, cle: Cartable.nouvelleCle()};
      dire(rejets ? nombre(rejets) + " ligne(s) rejetée(s) sur " + nombre(total) + "."
                  : nombre(total) + " ligne(s) vérifiée(s), " + nombre(aEcrire) + " à écrire" +
                    (data.inchangees ? ", " + nombre(data.inchangees) + " inchangée(s) (non listées)" : "") + ". Rien n'est écrit avant la confirmation.",
           rejets ? "danger" : "body");
    } catch (e) {
      dire("Pas de réseau ou fichier illisible : réessayez.", "danger");
    } finally {
      essayer.disabled = false;
    }
  });

  filtre.addEventListener("change", afficherLignes);
  plus.addEventListener("click", ajouterLignes);

  // -- import: confirmation (synchronous, or followed in the background) ----
  function avancer(fait, total) { Cartable.avancer(barre, fait, total); }

  function termine(resultat) {
    confirmer.hidden = true;
    fichier = null;
    if (resultat.confirme) {
      avancer(1, 1);
      const r = resultat.resume || {}, compte = (s) => Object.values(r[s] || {}).reduce((a, b) => a + b, 0);
      dire("Import terminé : " + nombre(compte("creer")) + " créé(s), " + nombre(compte("mettre_a_jour")) + " mis à jour, " +
           nombre(compte("inchange")) + " inchangé(s).", "success");
      return;
    }
    dire(resultat.message || "Import refusé : rien n'a été écrit.", "danger");
    if (resultat.resume) afficherResume(resultat.resume);
    lignes = (resultat.rejets || []).map((raison) => ({ligne: (/ligne (\d+)/.exec(raison) || [])[1] || "", type: "", sort: "rejetee", raison: raison}));
    filtre.value = "";
    afficherLignes();
  }

  async function suivre(url) {
    let job;
    try {
      job = await Cartable.suivreTache(url, {
        progression: (j) => {
          avancer(j.done || 0, j.total);
          if (j.state === "queued" || j.state === "running") dire(j.state === "queued" ? "Import en attente d'un processus…" : "Import en cours : " + (j.message || ""));
        },
        horsLigne: () => dire("Réseau interrompu : le suivi reprend dans un instant (l'import continue).", "warning"),
      });
    } catch (e) { dire(e.message, "danger"); return; }
    if (job.state === "failed") { dire("L'import a échoué, rien n'a été écrit : " + (job.error || "erreur inconnue") + ".", "danger"); return; }
    termine(job.result || {});
  }

  confirmer.addEventListener("click", async () => {
    if (!fichier) return;
    confirmer.disabled = true;
    dire("Import de « " + fichier.nom + " »…");
    try {
      const r = await Cartable.appeler(base + "/@notes-import", {entetes: {Prefer: "respond-async"}, cle: fichier.cle,
        corps: {fichier: fichier.contenu, nom: fichier.nom, confirmer: true}});
      if (!r.statut) { dire("Pas de réseau : l'import n'est peut-être pas parti. Vérifiez à nouveau le fichier avant de confirmer.", "danger"); return; }
      if (!r.ok) { dire(r.message, "danger"); return; }
      const data = r.donnees;
      if (r.statut === 202) {
        bloc.hidden = false;
        avancer(0, 1);
        dire("Import lancé en arrière-plan (" + nombre(data.lignes_fichier) + " lignes).");
        confirmer.hidden = true;
        suivre(data.suivi);
        return;
      }
      termine(data);
    } catch (e) {
      dire("Pas de réseau : l'import n'est peut-être pas parti. Vérifiez à nouveau le fichier avant de confirmer.", "danger");
    } finally {
      confirmer.disabled = false;
    }
  });
})();
