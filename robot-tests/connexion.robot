*** Settings ***
Documentation     Un utilisateur se connecte par le vrai formulaire de connexion
...               et arrive sur la page d'accueil en français.
Resource          resources/cartable.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Test Cases ***
Un enseignant se connecte et voit l'accueil en français
    Se connecter par le formulaire    prof.martin
    Wait Until Page Contains    M. Martin (professeur)
    Go To    ${BASE_URL}
    Wait Until Page Contains    Bienvenue sur
    Page Should Contain    l'espace numérique de travail
    Element Attribute Value Should Be    css:html    lang    fr
    Page Should Contain Link    Accueil
    Page Should Not Contain Element    id:__ac_password
    Capture Page Screenshot    accueil-enseignant.png

Un mauvais mot de passe est refusé en français
    Delete All Cookies
    Se connecter par le formulaire    prof.martin    pas-le-bon
    Wait Until Page Contains    L'identification a échoué
    Page Should Contain Element    id:__ac_password
