/* The end-of-cycle bilan of a class (issue 17): the proposal per socle component beside the council's decision
   (a select: the direction) and the synthesis (the direction, the professeur principal), saved in one POST. */
(function () {
  "use strict";
  const root = document.getElementById("fin-de-cycle");
  const base = root.dataset.base, division = root.dataset.division;
  const etat = document.getElementById("etat"), table = document.getElementById("table-cycle");
  const COMPLEMENTS = [["", "—"], ["AUC", "Aucun"], ["LCA", "Langues et cultures de l'Antiquité"], ["LCE", "Langue et culture européennes"],
    ["LCR", "Langue et culture régionale"], ["CHK", "Chant choral"], ["PRO", "Découverte professionnelle"],
    ["LSF", "Langue des signes française"], ["LVE", "Langue vivante étrangère"]];
  const NOMS = {0: "0 Disp · Dispensé", 1: "1 MI · Maîtrise insuffisante", 2: "2 MF · Maîtrise fragile", 3: "3 MS · Maîtrise satisfaisante", 4: "4 TB · Très bonne maîtrise"};
  let donnees = null;
  const modifies = new Set();
  if (!division) { etat.textContent = "Aucune classe de fin de cycle."; return; }

  function el(parent, balise, attributs) {
    const e = document.createElement(balise);
    Object.entries(attributs || {}).forEach(([k, v]) => (k === "text" ? (e.textContent = v) : e.setAttribute(k, v)));
    parent.appendChild(e);
    return e;
  }

  function dire(texte, genre) { etat.textContent = texte; etat.className = "alert py-2 sticky-top alert-" + genre; }

  function construire() {
    table.innerHTML = "";
    const tete = el(el(table, "thead"), "tr");
    el(tete, "th", {scope: "col", text: "Élève"});
    donnees.composantes.forEach((c) => el(tete, "th", {scope: "col", text: c.code, title: c.libelle}));
    el(tete, "th", {scope: "col", text: "Synthèse du professeur principal"});
    if (donnees.cycle === 4) el(tete, "th", {scope: "col", text: "Enseignement de complément"});
    const corps = el(table, "tbody");
    donnees.eleves.forEach((e) => {
      const tr = el(corps, "tr", {"data-eleve": e.id});
      el(tr, "th", {scope: "row", text: e.nom + " " + e.prenom});
      donnees.composantes.forEach((c) => {
        const td = el(tr, "td");
        const select = el(td, "select", {class: "form-select form-select-sm decision", "data-composante": c.code,
          "aria-label": e.nom + " " + e.prenom + ", " + c.libelle});
        el(select, "option", {value: "", text: "—"});
        [0, 1, 2, 3, 4].forEach((n) => el(select, "option", {value: String(n), text: NOMS[n]}));
        const decide = e.decision[c.code];
        select.value = decide === undefined || decide === null ? "" : String(decide);
        select.disabled = !donnees.modifiable_niveaux;
        select.addEventListener("change", () => { modifies.add(e.id); dire("Modifications non enregistrées.", "warning"); });
        const propose = e.proposition[c.code];
        el(td, "div", {class: "small text-muted proposition", text: "proposé : " + (propose === null || propose === undefined ? "aucun" : NOMS[propose])});
      });
      const zone = el(el(tr, "td"), "textarea", {class: "form-control form-control-sm synthese", rows: "3", maxlength: "1500",
        "aria-label": "Synthèse, " + e.nom + " " + e.prenom});
      zone.value = e.synthese || "";
      zone.addEventListener("input", () => { modifies.add(e.id); dire("Modifications non enregistrées.", "warning"); });
      if (donnees.cycle === 4) {
        const td = el(tr, "td"), actuel = e.enseignement_complement || {};
        const code = el(td, "select", {class: "form-select form-select-sm complement", "aria-label": "Enseignement de complément, " + e.nom + " " + e.prenom});
        COMPLEMENTS.forEach(([v, t]) => el(code, "option", {value: v, text: t}));
        code.value = actuel.code || "";
        const niveau = el(td, "select", {class: "form-select form-select-sm mt-1 complement-niveau", "aria-label": "Objectif de l'enseignement de complément, " + e.nom + " " + e.prenom});
        [["", "—"], ["1", "Objectif atteint"], ["2", "Objectif dépassé"]].forEach(([v, t]) => el(niveau, "option", {value: v, text: t}));
        niveau.value = actuel.positionnement ? String(actuel.positionnement) : "";
        [code, niveau].forEach((s) => {
          s.disabled = !donnees.modifiable_niveaux;
          s.addEventListener("change", () => { modifies.add(e.id); dire("Modifications non enregistrées.", "warning"); });
        });
      }
    });
  }

  document.getElementById("reprendre").addEventListener("click", () => {
    donnees.eleves.forEach((e) => table.querySelectorAll('tr[data-eleve="' + CSS.escape(e.id) + '"] select.decision').forEach((s) => {
      const propose = e.proposition[s.dataset.composante];
      if (!s.value && propose !== null && propose !== undefined) { s.value = String(propose); modifies.add(e.id); }
    }));
    dire("Niveaux proposés repris : vérifiez-les avec le conseil, puis enregistrez.", "warning");
  });

  let cle = null;
  document.getElementById("enregistrer").addEventListener("click", async () => {
    const eleves = [];
    modifies.forEach((id) => {
      const tr = table.querySelector('tr[data-eleve="' + CSS.escape(id) + '"]');
      const ligne = {eleve: id, synthese: tr.querySelector("textarea.synthese").value};
      if (donnees.modifiable_niveaux) {
        ligne.socle = {};
        tr.querySelectorAll("select.decision").forEach((s) => { ligne.socle[s.dataset.composante] = s.value === "" ? null : Number(s.value); });
        const code = tr.querySelector("select.complement");
        if (code) {
          const niveau = tr.querySelector("select.complement-niveau").value;
          ligne.enseignement_complement = code.value ? {code: code.value, positionnement: niveau ? Number(niveau) : null} : null;
        }
      }
      eleves.push(ligne);
    });
    if (!eleves.length) { dire("Rien à enregistrer.", "success"); return; }
    cle = cle || Cartable.nouvelleCle();
    const r = await Cartable.appeler(base + "/@fin-de-cycle", {corps: {division: division, eleves: eleves}, cle: cle});
    if (!r.ok) { dire(r.statut === 401 ? "Session expirée : reconnectez-vous, vos choix restent sur cette page." : r.message, "danger"); return; }
    cle = null;
    modifies.clear();
    dire("Enregistré : " + r.donnees.enregistres + " élève(s).", "success");
  });

  (async function demarrer() {
    const r = await Cartable.appeler(base + "/@fin-de-cycle?division=" + encodeURIComponent(division), {methode: "GET"}).catch(() => null);
    if (!r || !r.ok) { dire(r ? r.message : "Pas de réseau : rechargez la page quand il revient.", "danger"); return; }
    donnees = r.donnees;
    document.getElementById("reprendre").hidden = !donnees.modifiable_niveaux;
    construire();
    dire("Cycle " + donnees.cycle + " : " + donnees.eleves.length + " élèves.", "secondary");
  })();
})();
