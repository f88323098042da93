*** Settings ***
Documentation     Vie scolaire à plusieurs CPE : un parent déclare une absence et c'est
...               la seconde CPE (pas la première) qui l'accepte ; une CPE ouvre
...               l'emploi du temps d'un autre enseignant et d'un autre élève.
Resource          resources/cartable.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${COLLEGE}        ${BASE_URL}/0139101x
${PARENT}         david.lecomte
${SECONDE_CPE}    sophie.dufour
${CPE}            samia.duval

*** Test Cases ***
Un parent déclare une absence et la seconde CPE l'accepte
    Delete All Cookies
    Se connecter par le formulaire    ${PARENT}
    Wait Until Page Contains    David Lecomte
    Go To    ${BASE_URL}/@@mon-profil
    Wait Until Page Contains    Mes enfants
    Click Link    Déclarer une absence
    Wait Until Element Is Visible    id:motif
    Wait Until Page Contains Element    css:#motif option[value="MAL"]
    Execute Javascript    document.getElementById("du").value = "2026-11-16"; document.getElementById("au").value = "2026-11-17";
    Select From List By Value    id:motif    MAL
    Input Text    id:commentaire    Grippe, certificat à venir
    Click Button    css:#declarer-form button[type="submit"]
    Wait Until Element Contains    id:declarer-message    Déclaration envoyée
    Wait Until Element Contains    id:declarations    à traiter
    Delete All Cookies
    Se connecter par le formulaire    ${SECONDE_CPE}
    Wait Until Page Contains    Sophie Dufour
    Go To    ${COLLEGE}/@@vie-scolaire
    Wait Until Element Contains    id:declarations    Aaron Lecomte
    Click Button    css:#declarations li button.btn-outline-success
    Wait Until Element Contains    id:declarations    Acceptée : Aaron Lecomte

Une CPE ouvre l'emploi du temps d'un enseignant et d'un élève
    Delete All Cookies
    Se connecter par le formulaire    ${CPE}
    Wait Until Page Contains    Samia Duval
    Go To    ${COLLEGE}/@@vie-scolaire
    Wait Until Element Is Visible    id:cherche-enseignant
    Input Text    id:cherche-enseignant    mathieu
    Wait Until Element Is Visible    css:#resultats-enseignant a
    Click Element    css:#resultats-enseignant a
    Wait Until Element Contains    id:edt-titre    Emploi du temps — David Mathieu
    Go To    ${COLLEGE}/@@vie-scolaire
    Wait Until Element Is Visible    id:cherche-eleve
    Input Text    id:cherche-eleve    lecomte aaron
    Wait Until Element Is Visible    css:#resultats-eleve a
    Click Element    css:#resultats-eleve a
    Wait Until Element Contains    id:edt-titre    Emploi du temps — Aaron Lecomte
