*** Settings ***
Documentation     Connexion par ÉduConnect (SAML 2.0, issue 18) : un fournisseur d'identité de test (l'IdP de pysaml2,
...               tests/saml_idp.py) démarré par tests/system/test_robot.py, qui configure l'instance par son
...               var/saml.json ; la fin de la suite retire ce fichier. Un parent d'enfants dans deux établissements
...               choisit « Élève ou parent (ÉduConnect) », s'identifie chez le fournisseur et arrive sur Mon bureau
...               avec ses deux enfants ; une personne inconnue de l'annuaire reçoit la page en français ; un
...               enseignant passe par le fournisseur des agents, et se déconnecter de Cartable termine aussi sa
...               session chez ce fournisseur.
Resource          resources/cartable.resource
Library           OperatingSystem
Suite Setup       Ouvrir Chromium
Suite Teardown    Terminer

*** Variables ***
${IDP_URL}            ${EMPTY}
${IDP_AGENTS_URL}     ${EMPTY}
${ENSEIGNANT_NOM}     ${EMPTY}
${SAML_CONFIG}        ${EMPTY}
${IDP_MOT_DE_PASSE}   ${EMPTY}
${PARENT_NOM}         ${EMPTY}
${ENFANT_1}           ${EMPTY}
${ENFANT_2}           ${EMPTY}

*** Keywords ***
Terminer
    Close All Browsers
    Run Keyword If    $SAML_CONFIG    Remove File    ${SAML_CONFIG}

Se connecter par ÉduConnect
    [Arguments]    ${identifiant}
    Se connecter par    educonnect    Élève ou parent (ÉduConnect)    ${IDP_URL}    ${identifiant}

Se connecter par
    [Arguments]    ${fournisseur}    ${libelle}    ${url_fournisseur}    ${identifiant}
    Go To    ${BASE_URL}/login
    Wait Until Element Is Visible    id:connexion-${fournisseur}
    Element Should Contain    id:connexion-${fournisseur}    ${libelle}
    Page Should Contain Link    Autre compte
    Page Should Contain Element    id:__ac_password
    Click Link    id:connexion-${fournisseur}
    Wait Until Element Is Visible    id:identifiant
    Location Should Contain    ${url_fournisseur}/sso
    Input Text    id:identifiant    ${identifiant}
    Input Password    id:mot_de_passe    ${IDP_MOT_DE_PASSE}
    Click Button    id:se-connecter

*** Test Cases ***
Un parent d'enfants dans deux établissements arrive sur Mon bureau par ÉduConnect
    Se connecter par ÉduConnect    parent.deux
    Wait Until Element Is Visible    css:.mon-bureau
    Element Should Contain    css:.bureau-salut    ${PARENT_NOM}
    Page Should Contain    ${ENFANT_1}
    Page Should Contain    ${ENFANT_2}
    Page Should Not Contain Element    id:__ac_password
    Capture Page Screenshot    bureau-parent-educonnect.png

Une personne inconnue de l'annuaire reçoit la page en français, sans compte
    Delete All Cookies
    Se connecter par ÉduConnect    inconnu
    Wait Until Page Contains    Compte inconnu de Cartable
    Page Should Contain    Aucun compte n'a été créé
    Go To    ${BASE_URL}
    Page Should Not Contain    Se déconnecter

Un enseignant passe par le fournisseur des agents, et se déconnecter termine sa session chez lui
    Delete All Cookies
    Se connecter par    agents    Personnel de l'Éducation nationale    ${IDP_AGENTS_URL}    enseignant
    Wait Until Element Is Visible    css:.mon-bureau
    Element Should Contain    css:.bureau-salut    ${ENSEIGNANT_NOM}
    Go To    ${IDP_AGENTS_URL}/sessions
    Element Should Contain    id:sessions    enseignant
    Go To    ${BASE_URL}
    Click Link    Se déconnecter
    Wait Until Page Contains    Vous êtes déconnecté de Cartable
    Location Should Contain    ${BASE_URL}/saml/sls
    Go To    ${IDP_AGENTS_URL}/sessions
    Element Should Contain    id:sessions    aucune
    Go To    ${BASE_URL}
    Page Should Not Contain    Se déconnecter
