/* Bulletins page (direction): generate in the background and follow the job
   at @cartable-tasks/<id>, list what exists for the period and class, publish
   after a confirmation. The PDFs are downloads of cartable.commun (REST
   services only answer Accept: application/json). */
(function () {
  "use strict";
  const root = document.getElementById("bulletins");
  if (!root) return;
  const base = root.dataset.base, noms = JSON.parse(root.dataset.eleves || "{}");
  const periode = document.getElementById("choix-periode"), division = document.getElementById("choix-division");
  const generer = document.getElementById("generer"), publier = document.getElementById("publier");
  const etat = document.getElementById("etat"), generation = document.getElementById("generation");
  const barre = document.getElementById("progression"), corps = document.querySelector("#liste tbody");
  const vide = document.getElementById("liste-vide");

  function dire(texte, genre) {
    etat.textContent = texte;
    etat.className = "small text-" + (genre || "body");
  }

  function choix() {
    const c = {periode: periode.value};
    if (division.value) c.division = division.value;
    return c;
  }

  function libelleChoix() {
    return (division.value ? "la classe " + division.options[division.selectedIndex].text : "tout l'établissement") +
      " (" + periode.options[periode.selectedIndex].text + ")";
  }

  function avancer(fait, total) { Cartable.avancer(barre, fait, total); }

  const MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
  function dateLisible(iso) {
    if (!iso) return "—";
    const [jour, heure] = iso.split("T");
    const [a, m, j] = jour.split("-").map(Number);
    const h = heure ? heure.slice(0, 5).split(":").map(Number) : null;
    return (j === 1 ? "1er" : j) + " " + MOIS[m - 1] + " " + a + (h ? " à " + h[0] + " h" + (h[1] ? " " + String(h[1]).padStart(2, "0") : "") : "");
  }

  function telecharger(url, bouton) {
    Cartable.telecharger(url, {nom: "bulletin.pdf", bouton: bouton}).catch((e) => dire(e.message, "danger"));
  }

  function ligne(item) {
    const tr = document.createElement("tr");
    const cellules = [noms[item.eleve] || "Élève sans fiche", item.division, dateLisible(item.genere_le), item.publie ? "Oui" : "Non"];
    cellules.forEach((texte) => { const td = document.createElement("td"); td.textContent = texte; tr.appendChild(td); });
    tr.children[3].className = item.publie ? "text-success" : "text-muted";
    const bouton = document.createElement("button");
    bouton.type = "button";
    bouton.className = "btn btn-sm btn-outline-primary";
    bouton.textContent = "Télécharger";
    bouton.setAttribute("aria-label", "Télécharger le bulletin de " + (noms[item.eleve] || "Élève sans fiche"));
    bouton.addEventListener("click", () => telecharger(item["@id"], bouton));
    const td = document.createElement("td");
    td.appendChild(bouton);
    tr.appendChild(td);
    return tr;
  }

  const tableClasses = document.querySelector("#classes tbody");

  // Each class's state (Mon bureau's rule): « À régénérer » when something was written after its bulletins,
  // with a one-click « Régénérer »; the council's date.
  function ligneClasse(c) {
    const tr = document.createElement("tr");
    tr.dataset.division = c.division;
    tr.dataset.etat = c.a_regenerer ? "a-regenerer" : c.etat;
    const nom = document.createElement("th");
    nom.scope = "row";
    nom.textContent = c.libelle;
    const etatTd = document.createElement("td");
    const badge = document.createElement("span");
    badge.className = "badge " + (c.a_regenerer ? "text-bg-danger" : c.etat === "fait" ? "text-bg-success" : "text-bg-secondary");
    badge.textContent = c.a_regenerer ? "À régénérer" : c.etiquette;
    const detail = document.createElement("div");
    detail.className = "small text-muted";
    detail.textContent = c.detail;
    etatTd.append(badge, detail);
    const conseil = document.createElement("td");
    conseil.className = "small" + (c.avant_conseil ? " text-warning-emphasis" : "");
    conseil.textContent = c.conseil_texte + (c.avant_conseil ? " (à venir)" : "");
    const action = document.createElement("td");
    if (c.etiquette !== "À générer") {
      const bouton = document.createElement("button");
      bouton.type = "button";
      bouton.className = "btn btn-sm " + (c.a_regenerer ? "btn-danger" : "btn-outline-secondary") + " regenerer";
      bouton.textContent = "Régénérer";
      bouton.setAttribute("aria-label", "Régénérer les bulletins de la " + c.libelle.toLowerCase());
      bouton.addEventListener("click", () => lancer(c.division, c.libelle));
      action.appendChild(bouton);
    }
    tr.append(nom, etatTd, conseil, action);
    return tr;
  }

  async function lister() {
    if (!periode.value) { dire("Aucune période : la direction doit d'abord définir les périodes.", "danger"); return; }
    const params = new URLSearchParams(choix());
    const r = await Cartable.appeler(base + "/@bulletins?" + params.toString());
    if (!r.ok) { dire(r.message, "danger"); return; }
    const data = r.donnees;
    const items = data.items.sort((a, b) => (a.division + (noms[a.eleve] || "")).localeCompare(b.division + (noms[b.eleve] || ""), "fr"));
    corps.replaceChildren(...items.map(ligne));
    tableClasses.replaceChildren(...(data.classes || []).map(ligneClasse));
    vide.hidden = items.length > 0;
    publier.disabled = !items.some((i) => !i.publie);
    root.dataset.bulletins = String(items.length);
  }

  async function suivre(url) {
    let job;
    try {
      job = await Cartable.suivreTache(url, {
        progression: (j) => {
          avancer(j.done || 0, j.total);
          if (j.state === "queued" || j.state === "running") dire(j.state === "queued" ? "En attente d'un processus de génération…" : "Génération : " + (j.message || ""), "body");
        },
        horsLigne: () => dire("Réseau interrompu : le suivi reprend dans un instant (la génération continue).", "warning"),
      });
    } catch (e) { dire(e.message, "danger"); generer.disabled = false; return; }
    generer.disabled = false;
    if (job.state === "failed") { dire("La génération a échoué : " + (job.error || "erreur inconnue") + ". Relancez-la.", "danger"); return; }
    avancer(1, 1);
    const r = job.result || {};
    dire((r.bulletins || 0) + " bulletin(s) générés en " + String(r.secondes || 0).replace(".", ",") + " s.", "success");
    lister();
  }

  async function lancer(classe, libelle) {
    generer.disabled = true;
    const corps = classe ? {periode: periode.value, division: classe, action: "generer"} : {...choix(), action: "generer"};
    const r = await Cartable.appeler(base + "/@bulletins", {corps: corps, cle: Cartable.nouvelleCle()});
    if (!r.ok) { dire(r.statut ? r.message : "Pas de réseau : rien n'a été lancé.", "danger"); generer.disabled = false; return; }
    generation.hidden = false;
    avancer(0, 1);
    dire("Génération lancée pour " + (libelle ? "la " + libelle.toLowerCase() : libelleChoix()) + ".", "body");
    suivre(r.donnees.suivi);
  }
  generer.addEventListener("click", () => lancer(null, null));

  publier.addEventListener("click", async () => {
    if (!window.confirm("Publier les bulletins de " + libelleChoix() + " ? Les élèves et leurs familles pourront les télécharger.")) return;
    publier.disabled = true;
    let r = await Cartable.appeler(base + "/@bulletins", {corps: {...choix(), action: "publier"}});
    if (r.ok && r.donnees.a_confirmer) {
      // before the council, or bulletins older than what was written since: said, and asked again
      const phrases = r.donnees.avertissements.join("\n");
      if (!window.confirm(phrases + "\n\nPublier quand même ?")) { dire(phrases, "warning"); publier.disabled = false; lister(); return; }
      r = await Cartable.appeler(base + "/@bulletins", {corps: {...choix(), action: "publier", confirmer: true}});
    }
    if (!r.ok) { dire(r.statut ? r.message : "Pas de réseau : rien n'a été publié.", "danger"); publier.disabled = false; return; }
    dire(r.donnees.publies + " bulletin(s) publié(s).", "success");
    lister();
  });

  periode.addEventListener("change", lister);
  division.addEventListener("change", lister);
  lister();
})();
