/* A student's grades (cartable/notes/browser/mes_notes.py): read from
   @notes-eleve, drawn here. Each class distribution is an inline SVG bar
   chart (it scales to the card's width, so nothing scrolls sideways on a
   phone), with the student's band highlighted by colour AND a label, and a
   text alternative for screen readers. */
(function () {
  "use strict";
  const root = document.getElementById("mes-notes");
  if (!root) return;
  const base = root.dataset.base, eleve = root.dataset.eleve, periode = root.dataset.periode;
  const etat = document.getElementById("etat"), matieres = document.getElementById("matieres");
  const SVG = "http://www.w3.org/2000/svg";
  let numero = 0;  // unique ids for aria references

  const choixEnfant = document.getElementById("choix-enfant");
  if (choixEnfant) choixEnfant.addEventListener("change", () => { window.location = choixEnfant.value; });
  document.getElementById("choix-periode").addEventListener("change", () => document.getElementById("choix").submit());

  function element(parent, balise, attributs, texte) {
    const el = document.createElement(balise);
    Object.entries(attributs || {}).forEach(([k, v]) => el.setAttribute(k, v));
    if (texte !== undefined) el.textContent = texte;
    if (parent) parent.appendChild(el);
    return el;
  }

  function svg(parent, balise, attributs, texte) {
    const el = document.createElementNS(SVG, balise);
    Object.entries(attributs || {}).forEach(([k, v]) => el.setAttribute(k, v));
    if (texte !== undefined) el.textContent = texte;
    parent.appendChild(el);
    return el;
  }

  function valeur(texte) { return texte === null || texte === undefined ? "—" : texte; }
  function eleves(n) { return n + (n > 1 ? " élèves" : " élève"); }
  function dateFr(iso) { return iso.split("-").reverse().join("/"); }

  function alerte(texte, genre) {
    etat.hidden = false;
    etat.textContent = texte;
    etat.className = "alert py-2 alert-" + genre;
  }

  // The text said by screen readers (and shown under the chart on demand).
  function description(bandes, rang, titre) {
    const parties = bandes.map((b) => "de " + b.de + " à " + b.a + " : " + eleves(b.eleves));
    const ici = rang === null || rang === undefined ? "pas de moyenne pour l'élève"
      : "moyenne de l'élève entre " + bandes[rang].de + " et " + bandes[rang].a;
    return titre + ". " + parties.join(" ; ") + ". " + ici[0].toUpperCase() + ici.slice(1) + ".";
  }

  function graphique(parent, bandes, rang, titre) {
    const id = "graphique-" + (++numero);
    const largeur = 320, hauteur = 150, gauche = 8, bas = 22, haut = 24;
    const pas = (largeur - 2 * gauche) / bandes.length;
    const maximum = Math.max(1, ...bandes.map((b) => b.eleves));
    const figure = element(parent, "figure", {class: "distribution mb-0"});
    const dessin = svg(figure, "svg", {viewBox: "0 0 " + largeur + " " + hauteur, role: "img", "aria-labelledby": id + "-t " + id + "-d",
      preserveAspectRatio: "xMidYMid meet", class: "w-100"});
    svg(dessin, "title", {id: id + "-t"}, titre);
    svg(dessin, "desc", {id: id + "-d"}, description(bandes, rang, titre));
    svg(dessin, "line", {x1: gauche, x2: largeur - gauche, y1: hauteur - bas, y2: hauteur - bas, class: "axe"});
    bandes.forEach((b, i) => {
      const h = (hauteur - bas - haut) * b.eleves / maximum, x = gauche + i * pas, y = hauteur - bas - h;
      const barre = svg(dessin, "rect", {x: x + 2, y: y, width: pas - 4, height: Math.max(h, 0), rx: 2,
        class: i === rang ? "barre barre-eleve" : "barre", "data-bande": i, "data-eleves": b.eleves});
      svg(barre, "title", {}, "De " + b.de + " à " + b.a + " : " + eleves(b.eleves));
      if (b.eleves) svg(dessin, "text", {x: x + pas / 2, y: y - 3, class: "effectif", "text-anchor": "middle"}, String(b.eleves));
      if (i === rang) svg(dessin, "text", {x: x + pas / 2, y: Math.max(y - 14, 10), class: "repere", "text-anchor": "middle"}, "▼ élève");
      svg(dessin, "text", {x: x, y: hauteur - 6, class: "graduation", "text-anchor": "middle"}, String(b.de));
    });
    svg(dessin, "text", {x: largeur - gauche, y: hauteur - 6, class: "graduation", "text-anchor": "middle"}, String(bandes[bandes.length - 1].a));
    const details = element(figure, "details", {class: "small"});
    element(details, "summary", {}, "Répartition en texte");
    element(details, "p", {class: "mb-0"}, description(bandes, rang, titre));
    return figure;
  }

  function statistiques(parent, classe) {
    const dl = element(parent, "dl", {class: "row small mb-2 statistiques"});
    [["Moyenne de la classe", classe.moyenne], ["Plus basse", classe.min], ["Plus haute", classe.max]].forEach(([t, v]) => {
      element(dl, "dt", {class: "col-7 fw-normal text-muted"}, t);
      element(dl, "dd", {class: "col-5 mb-0"}, valeur(v));
    });
  }

  function evaluationsTable(parent, evals) {
    if (!evals.length) { element(parent, "p", {class: "small text-muted"}, "Aucune évaluation publiée."); return; }
    const table = element(parent, "table", {class: "table table-sm small mb-2 evaluations"});
    const tete = element(element(table, "thead"), "tr");
    ["Évaluation", "Note", "Classe"].forEach((t) => element(tete, "th", {scope: "col"}, t));
    const corps = element(table, "tbody");
    evals.forEach((e) => {
      const tr = element(corps, "tr", {"data-evaluation": e.id});
      const titre = element(tr, "td", {class: "text-break"}, e.titre);
      element(titre, "div", {class: "text-muted"}, (e.date_texte || dateFr(e.date)) + " · coef. " + e.coefficient.replace(".", ",") + (e.facultative ? " · facultative" : "") + (e.compte === false ? " · ne compte pas dans la moyenne" : ""));
      const note = e.note === null ? "—" : /^\d/.test(e.note) ? e.note + "/" + e.bareme : e.note;
      element(tr, "td", {class: "note text-nowrap"}, note);
      element(tr, "td", {class: "text-nowrap"}, valeur(e.classe.moyenne));
    });
  }

  function carteMatiere(m) {
    const col = element(matieres, "div", {class: "col-12 col-lg-6"});
    const carte = element(col, "section", {class: "card h-100 matiere", "data-matiere": m.code, "aria-label": m.libelle});
    const corps = element(carte, "div", {class: "card-body"});
    const tete = element(corps, "div", {class: "d-flex justify-content-between align-items-baseline gap-2"});
    element(tete, "h2", {class: "h6 card-title mb-2 text-break"}, m.libelle);
    element(tete, "span", {class: "badge text-bg-primary fs-6 moyenne", title: "Moyenne de l'élève"}, valeur(m.moyenne));
    statistiques(corps, m.classe);
    if (m.appreciation) element(corps, "blockquote", {class: "blockquote fs-6 fst-italic border-start ps-2 appreciation"}, m.appreciation);
    evaluationsTable(corps, m.evaluations);
    graphique(corps, m.distribution, m.bande, "Moyennes de la classe en " + m.libelle);
  }

  function generale(releve) {
    const chiffres = document.getElementById("generale-chiffres");
    chiffres.innerHTML = "";
    element(chiffres, "p", {class: "display-6 mb-1", id: "moyenne-generale"}, valeur(releve.moyenne_generale));
    statistiques(chiffres, releve.classe_generale);
    const zone = document.getElementById("generale-graphique");
    zone.innerHTML = "";
    graphique(zone, releve.distribution_generale, releve.bande_generale, "Moyennes générales de la classe");
    document.getElementById("generale").hidden = false;
  }

  function afficher(releve) {
    matieres.innerHTML = "";
    if (releve.bulletin_publie) {
      document.getElementById("lien-bulletin").href = base + "/@bulletin?eleve=" + encodeURIComponent(eleve) + "&periode=" + encodeURIComponent(periode);
      document.getElementById("bulletin").hidden = false;
    }
    if (!releve.matieres.length) { alerte("Aucune note publiée pour cette période.", "info"); return; }
    etat.hidden = true;
    generale(releve);
    releve.matieres.forEach(carteMatiere);
  }

  (async function demarrer() {
    if (!periode) { alerte("Aucune période n'est définie dans cet établissement.", "info"); return; }
    const r = await Cartable.appeler(base + "/@notes-eleve?eleve=" + encodeURIComponent(eleve) + "&periode=" + encodeURIComponent(periode));
    if (!r.statut) { alerte("Pas de réseau : rechargez la page quand il revient.", "warning"); return; }
    if (!r.ok) { alerte((r.donnees.error && r.donnees.error.message) || "Les notes ne peuvent pas être affichées.", "danger"); return; }
    afficher(r.donnees);
  })();
})();
