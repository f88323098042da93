/* cartable.theme: the header's « Menu » button on a phone (the menu stays open without a script). */
(function () {
  "use strict";

  function preparer() {
    const entete = document.getElementById("cartable-entete");
    const bouton = entete && entete.querySelector(".cartable-menu-bouton");
    const menu = document.getElementById("cartable-menu");
    if (!bouton || !menu) return;
    entete.classList.add("menu-repliable");
    bouton.hidden = false;
    function fermer(rendreLeFocus) {
      menu.classList.remove("ouvert");
      bouton.setAttribute("aria-expanded", "false");
      if (rendreLeFocus) bouton.focus();
    }
    bouton.addEventListener("click", function () {
      const ouvert = menu.classList.toggle("ouvert");
      bouton.setAttribute("aria-expanded", String(ouvert));
      if (ouvert) {
        const premier = menu.querySelector("a");
        if (premier) premier.focus();
      }
    });
    menu.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && menu.classList.contains("ouvert")) fermer(true);
    });
  }

  // A table wider than a phone scrolls in its box: the box takes the keyboard's focus (arrows scroll it)
  // and says what it holds (RGAA; axe « scrollable-region-focusable »).
  function tableauxDefilants() {
    for (const boite of document.querySelectorAll(".table-responsive:not([tabindex])")) {
      const table = boite.querySelector("table");
      const legende = table && (table.getAttribute("aria-label") || (table.caption && table.caption.textContent));
      boite.setAttribute("tabindex", "0");
      boite.setAttribute("role", "region");
      boite.setAttribute("aria-label", (legende || "Tableau").trim());
    }
  }

  function demarrer() {
    preparer();
    tableauxDefilants();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", demarrer);
  else demarrer();
})();
