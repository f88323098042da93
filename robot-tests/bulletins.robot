*** Settings ***
Documentation     Bulletins et conseil de classe (issue 15) : le principal génère depuis Mon bureau les bulletins
...               de la 3B, puis donne au conseil de classe un avis à un élève ; la page des bulletins dit alors
...               « À régénérer » pour la 3B ; un clic sur « Régénérer » refait ses bulletins, et le nouvel avis
...               est dans le PDF de l'élève (vérifié ensuite par le test qui lance cette suite, qui lit le texte
...               du PDF). Chaque page visitée passe axe-core.
Resource          resources/parcours.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${DIRECTION}      stephane.lemoine
${CLASSE}         3B
${ELEVE}          ${EMPTY}
${ELEVE_NOM}      ${EMPTY}
${TEXTE_AVIS}     Robot : avis du conseil donné après la génération.
${LIGNE_3B}       css:#classes tr[data-division="3B"]

*** Keywords ***
Ouvrir les bulletins de la classe depuis Mon bureau
    Revenir à Mon bureau
    Cliquer    .mon-bureau a[href*="@@bulletins?periode="][href$="division=${CLASSE}"]
    Wait Until Element Is Visible    ${LIGNE_3B}
    List Selection Should Be    id:choix-division    ${CLASSE}
    Page sans erreur
    Pas de défilement horizontal

Attendre la fin de la génération
    Wait Until Element Contains    id:etat    bulletin(s) générés    timeout=180s
    Wait Until Element Is Visible    css:#liste tbody tr

*** Test Cases ***
Le principal génère les bulletins de la 3B depuis Mon bureau
    Arriver sur Mon bureau    ${DIRECTION}    Stéphane Lemoine
    Aucune violation grave d'accessibilité
    Ouvrir les bulletins de la classe depuis Mon bureau
    Element Should Contain    ${LIGNE_3B}    À générer
    Cliquer    \#generer
    Attendre la fin de la génération
    Wait Until Element Contains    ${LIGNE_3B}    À publier
    Element Should Not Contain    ${LIGNE_3B}    À régénérer
    Page Should Contain Element    css:#classes tr[data-division="3B"] button.regenerer
    Capture Page Screenshot    bulletins-generes.png
    Aucune violation grave d'accessibilité

Le conseil de classe donne un avis après la génération
    Revenir à Mon bureau
    Cliquer    .mon-bureau a[href$="@@conseil-de-classe"]
    Wait Until Element Is Visible    id:choix-classe
    Select From List By Value    id:choix-classe    ${CLASSE}
    Select From List By Value    id:choix-periode    T1
    Click Button    css:#choix-conseil button[type="submit"]
    Wait Until Element Is Visible    css:#tableau-conseil tr[data-eleve="${ELEVE}"] textarea[data-champ="avis"]
    Wait Until Element Contains    id:etat-global    Tout est enregistré
    Element Should Contain    css:#tableau-conseil tr[data-eleve="${ELEVE}"] th.eleve    ${ELEVE_NOM}
    Input Text    css:#tableau-conseil tr[data-eleve="${ELEVE}"] textarea[data-champ="avis"]    ${TEXTE_AVIS}
    Wait Until Element Contains    id:etat-global    Tout est enregistré    timeout=20s
    Page sans erreur
    Aucune violation grave d'accessibilité

La page des bulletins dit « À régénérer » et la régénération tient en un clic
    Ouvrir les bulletins de la classe depuis Mon bureau
    Wait Until Element Contains    ${LIGNE_3B}    À régénérer
    Element Attribute Value Should Be    ${LIGNE_3B}    data-etat    a-regenerer
    Capture Page Screenshot    bulletins-a-regenerer.png
    Aucune violation grave d'accessibilité
    Cliquer    \#classes tr[data-division="3B"] button.regenerer
    Attendre la fin de la génération
    Wait Until Element Does Not Contain    ${LIGNE_3B}    À régénérer
    Element Should Contain    ${LIGNE_3B}    À publier
    ${etat}=    Get Element Attribute    ${LIGNE_3B}    data-etat
    Should Not Be Equal    ${etat}    a-regenerer
    Capture Page Screenshot    bulletins-regeneres.png
