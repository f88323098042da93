/* The student's timeline: the « Imprimer » button (the print stylesheet does the rest). */
(function () {
  "use strict";
  const bouton = document.getElementById("suivi-imprimer");
  if (bouton) bouton.addEventListener("click", () => window.print());
})();
