*** Settings ***
Documentation     La direction déplace un cours avec les listes de choix, par des clics depuis Mon bureau :
...               elle ouvre « Gestion de l'emploi du temps » dans son menu, choisit la 3A par son nom,
...               ouvre le dernier cours du vendredi (dit en mots), choisit le samedi dans la liste des jours,
...               confirme ; la grille de la semaine montre le cours le samedi, « Cours déplacé : prévu le
...               vendredi … », avec son lien vers l'appel ; le journal le raconte en une phrase. Sur un
...               téléphone (390 px), la vue d'un jour, du jour suivant en jour suivant jusqu'au samedi.
...               Chaque page passe axe-core sans violation grave.
Resource          resources/parcours.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${DIRECTION}      stephane.lemoine
${COURS}          ${EMPTY}

*** Test Cases ***
La direction déplace un cours de la 3A au samedi
    Set Window Size    1366    900
    Arriver sur Mon bureau    ${DIRECTION}    Stéphane Lemoine
    ${lien}=    Execute Javascript
    ...    const a = Array.from(document.querySelectorAll("nav.bureau-rubriques a")).find(x => x.textContent.trim() === "Gestion de l'emploi du temps"); a.id = a.id || "rubrique-gestion-edt"; a.scrollIntoView({block: "center", behavior: "instant"}); return a.id;
    Click Element    id:${lien}
    Wait Until Element Is Visible    id:choix-division
    Select From List By Label    id:choix-division    3A
    Cliquer    \#afficher-division
    Wait Until Element Is Visible    css:#semaine-jours section[data-jour="4"] li:last-child button.edt-ouvrir
    Page sans erreur
    Page Should Not Contain    Code matière
    Page Should Not Contain    identifiants séparés
    ${cle}=    Get Element Attribute    css:#semaine-jours section[data-jour="4"] li:last-child button.edt-ouvrir    data-cours
    Set Suite Variable    ${COURS}    ${cle}
    ${description}=    Get Element Attribute    css:#semaine-jours section[data-jour="4"] li:last-child button.edt-ouvrir    data-description
    Should Match Regexp    ${description}    ^Le cours de .+ de la 3A du vendredi \\d+ \\w+ à \\d+ h
    Cliquer    \#semaine-jours section[data-jour="4"] li:last-child button.edt-ouvrir
    Wait Until Element Is Visible    id:form-deplacer
    Element Should Contain    id:occurrence-titre    ${description}
    # the sixth day offered is the Saturday of the week shown, in words
    Select From List By Index    id:deplacer-date    5
    ${samedi}=    Get Selected List Label    id:deplacer-date
    Should Start With    ${samedi}    samedi
    Cliquer    \#deplacer-valider
    Wait Until Element Is Visible    id:confirmation-oui
    Element Should Contain    id:confirmation-texte    au ${samedi}
    Page Should Not Contain Element    css:#semaine-jours section[data-jour="5"] li[data-cours="${COURS}"]
    Aucune violation grave d'accessibilité
    Cliquer    \#confirmation-oui
    Wait Until Element Contains    id:occurrence-message    Cours déplacé.
    Wait Until Page Contains Element    css:#semaine-jours section[data-jour="5"] li[data-cours="${COURS}"]
    Element Should Contain    css:#semaine-jours section[data-jour="5"] li[data-cours="${COURS}"]    Cours déplacé : prévu le vendredi
    Wait Until Element Contains    id:journal-liste    a été déplacé au ${samedi} à
    Element Should Contain    id:journal-liste    par Stéphane Lemoine.
    Element Should Not Contain    id:journal-liste    ${DIRECTION}
    Pas de défilement horizontal
    Aucune violation grave d'accessibilité

La grille de la semaine montre le cours le samedi avec son appel
    Cliquer    \#lien-grille
    Wait Until Element Is Visible    css:.edt-grille
    Page sans erreur
    Element Should Contain    id:edt-periode    Semaine du lundi
    Element Should Contain    css:section[data-jour="5"] h2    samedi
    Element Should Contain    css:section[data-jour="5"] li[data-cours="${COURS}"]    Cours déplacé : prévu le vendredi
    Page Should Contain Element    css:section[data-jour="4"] h2
    Page Should Not Contain Element    css:section[data-jour="4"] li[data-cours="${COURS}"]
    ${appel}=    Get Element Attribute    css:section[data-jour="5"] li[data-cours="${COURS}"] a.edt-lien-appel    href
    Should Contain    ${appel}    /@@appel?cle=
    Element Text Should Be    css:section[data-jour="5"] li[data-cours="${COURS}"] a.edt-lien-appel    Voir l'appel
    Pas de défilement horizontal
    Aucune violation grave d'accessibilité
    Cliquer    section[data-jour="5"] li[data-cours="${COURS}"] a.edt-lien-appel
    Wait For Condition    return document.readyState == "complete"
    Page sans erreur
    Location Should Contain    cle=

Sur un téléphone, la vue du jour va jusqu'au samedi
    Set Window Size    390    844
    Go Back
    Wait Until Element Is Visible    css:section.edt-choisi
    Element Should Not Be Visible    id:edt-avant
    Element Should Be Visible    id:edt-jour-apres
    FOR    ${i}    IN RANGE    6
        ${jour}=    Get Element Attribute    css:section.edt-choisi    data-jour
        IF    "${jour}" == "5"    BREAK
        Cliquer    \#edt-jour-apres
        Wait Until Element Is Visible    css:section.edt-choisi
    END
    Element Attribute Value Should Be    css:section.edt-choisi    data-jour    5
    Element Should Not Be Visible    css:section[data-jour="4"]
    Element Should Be Visible    css:section[data-jour="5"] li[data-cours="${COURS}"]
    Element Should Contain    css:section[data-jour="5"] li[data-cours="${COURS}"]    Cours déplacé : prévu le vendredi
    Element Should Be Visible    css:section[data-jour="5"] li[data-cours="${COURS}"] a.edt-lien-appel
    Element Should Contain    id:edt-jour-avant    vendredi
    Pas de défilement horizontal
    Capture Page Screenshot    edt-semaine-telephone.png
    Aucune violation grave d'accessibilité
