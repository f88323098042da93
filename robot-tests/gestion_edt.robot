*** Settings ***
Documentation     La direction gère l'emploi du temps : elle simule l'import d'un petit CSV
...               (le tableau donne le sort de chaque ligne, le créneau dit en mots ; avec une erreur, pas de
...               « Confirmer » et rien n'est écrit), puis annule un cours de la 3A : le cours est
...               dit en mots, l'annulation est confirmée avant d'être envoyée, le journal la raconte.
...               PREPARE (tests/system/test_robot.py) donne la semaine et le cours ;
...               après la suite il vérifie sur le serveur l'annulation et le journal.
Resource          resources/cartable.resource
Library           OperatingSystem
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${COLLEGE}        ${BASE_URL}/0139101x
${DIRECTION}      stephane.lemoine
${LUNDI}          2026-11-16
${COURS}          ${EMPTY}
${MOTIF}          Sortie pédagogique

*** Test Cases ***
La direction simule l'import d'un petit CSV
    Delete All Cookies
    Se connecter par le formulaire    ${DIRECTION}
    Wait Until Page Contains    Stéphane Lemoine
    Go To    ${COLLEGE}/@@vie-scolaire
    Wait Until Element Is Visible    id:lien-gestion-edt
    Click Link    id:lien-gestion-edt
    Wait Until Element Is Visible    id:import-fichier
    ${csv}=    Set Variable    ${OUTPUT DIR}${/}edt-robot.csv
    Create File    ${csv}    jour;debut;fin;division;matiere;enseignants;salle;semaine\nlundi;08:00;09:00;3A;;;S12;\nmardi;10:00;11:00;3A;;;S12;\nmercredi;09:00;08:00;3A;;;S12;\n    encoding=UTF-8
    Choose File    id:import-fichier    ${csv}
    Click Button    id:import-simuler
    Wait Until Element Contains    id:import-message    1 ligne(s) en erreur : rien n'est importé.
    Element Should Be Visible    id:import-lignes
    Page Should Contain Element    css:#import-lignes tbody tr[data-statut="retenue"]    limit=2
    Page Should Contain Element    css:#import-lignes tbody tr[data-statut="erreur"]    limit=1
    Element Should Contain    css:#import-lignes tbody tr[data-statut="erreur"]    la fin (08:00) n'est pas après le début (09:00)
    # each line in words, never the file's raw line; the unreadable line keeps it folded, to find it in the file
    Element Should Contain    css:#import-lignes tbody tr:first-child td:nth-child(3)    cours de la 3A le lundi de 8 h à 9 h, salle S12
    Element Should Not Contain    css:#import-lignes tbody tr[data-statut="retenue"]    ;
    Element Should Contain    css:#import-lignes tbody tr[data-statut="erreur"] td:nth-child(3)    ligne illisible
    Element Should Contain    css:#import-lignes tbody tr[data-statut="erreur"] summary    Ligne du fichier
    Element Should Be Visible    id:import-bilan
    Element Should Not Be Visible    id:import-confirmer

La direction annule un cours de la 3A
    Go To    ${COLLEGE}/@@gestion-emploi-du-temps?division=3A&du=${LUNDI}
    Wait Until Element Is Visible    css:#semaine-jours button[data-cours="${COURS}"]
    Cliquer    \#semaine-jours button[data-cours="${COURS}"]
    Wait Until Element Is Visible    id:annuler-motif
    Element Should Contain    id:occurrence-titre    de la 3A du
    Input Text    id:annuler-motif    ${MOTIF}
    Cliquer    \#form-annuler button[type="submit"]
    # nothing is sent before the confirmation, which says the course in words
    Wait Until Element Is Visible    id:confirmation-oui
    Element Should Contain    id:confirmation-texte    (motif : ${MOTIF}) ?
    Element Should Not Contain    css:#semaine-jours li[data-cours="${COURS}"]    Cours annulé
    Cliquer    \#confirmation-oui
    Wait Until Element Contains    id:occurrence-message    Cours annulé.
    Wait Until Element Contains    css:#semaine-jours li[data-cours="${COURS}"]    Cours annulé : ${MOTIF}
    Wait Until Element Contains    id:journal-liste    a été annulé (motif : ${MOTIF}) par Stéphane Lemoine.
    Element Should Not Contain    id:journal-liste    ${DIRECTION}
