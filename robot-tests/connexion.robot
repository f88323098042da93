*** Settings ***
Documentation     Un utilisateur se connecte par le vrai formulaire de connexion
...               et arrive sur la page d'accueil en français.
Resource          resources/parcours.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Test Cases ***
Un enseignant se connecte et voit l'accueil en français
    Se connecter par le formulaire    david.mathieu
    Wait Until Page Contains    David Mathieu
    # the login form leads to Mon bureau, the site's home for everyone logged in
    Wait Until Element Is Visible    css:.mon-bureau
    Element Should Contain    css:.bureau-salut    David Mathieu
    Element Attribute Value Should Be    css:html    lang    fr
    Page Should Contain Link    Mon bureau
    Page Should Not Contain Element    id:__ac_password
    Capture Page Screenshot    accueil-enseignant.png

Un mauvais mot de passe est refusé en français
    Delete All Cookies
    Se connecter par le formulaire    david.mathieu    pas-le-bon
    Wait Until Page Contains    L'identification a échoué
    Page Should Contain Element    id:__ac_password

Un parent voit son enfant et seulement le sien
    Delete All Cookies
    Se connecter par le formulaire    david.lecomte
    Wait Until Page Contains    David Lecomte
    Go To    ${BASE_URL}/@@mon-profil
    Wait Until Page Contains    Mes enfants
    Page Should Contain    Aaron Lecomte
    Click Link    Aaron Lecomte
    Wait Until Page Contains    représentant légal
    Page Should Contain    3EME A

Sur un téléphone, la page de connexion tient dans l'écran et passe axe-core
    [Documentation]    Une page à elle (sans le gabarit de Plone) : rien de plus large que l'écran, aucune violation grave.
    Delete All Cookies
    Set Window Size    390    844
    Go To    ${BASE_URL}/login
    Wait Until Element Is Visible    id:__ac_name
    Pas de défilement horizontal
    Aucune violation grave d'accessibilité
    Capture Page Screenshot    connexion-390.png
    Se connecter par le formulaire    david.mathieu    pas-le-bon
    Wait Until Page Contains    L'identification a échoué
    Pas de défilement horizontal
    Aucune violation grave d'accessibilité
