*** Settings ***
Documentation     La direction ouvre le conseil de classe de la 3A au premier trimestre, donne une
...               mention et un avis au premier élève, recharge la page : ils y sont (et sur le
...               serveur, vérifié ensuite par le test qui lance cette suite).
Resource          resources/cartable.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${CONSEIL_URL}    ${BASE_URL}/0139101x/@@conseil-de-classe?division=3A&periode=T1
${DIRECTION}      stephane.lemoine
${MENTION}        css:#tableau-conseil tr[data-eleve] select[data-champ="mention"]
${AVIS}           css:#tableau-conseil tr[data-eleve] textarea[data-champ="avis"]
${TEXTE_AVIS}     Robot : excellent trimestre, à poursuivre.

*** Test Cases ***
Mention et avis donnés par la direction, retrouvés après rechargement
    Se connecter par le formulaire    ${DIRECTION}
    Wait Until Page Contains    Stéphane Lemoine
    Go To    ${CONSEIL_URL}
    Wait Until Element Is Visible    ${MENTION}
    Wait Until Element Contains    id:etat-global    Tout est enregistré
    Select From List By Value    ${MENTION}    felicitations
    Input Text    ${AVIS}    ${TEXTE_AVIS}
    Wait Until Element Contains    id:etat-global    en attente
    Wait Until Element Contains    id:etat-global    Tout est enregistré    timeout=20s
    Reload Page
    Wait Until Element Is Visible    ${MENTION}
    Wait Until Element Contains    id:etat-global    Tout est enregistré
    List Selection Should Be    ${MENTION}    felicitations
    Textarea Value Should Be    ${AVIS}    ${TEXTE_AVIS}
