*** Settings ***
Documentation     Un parent ouvre l'agenda de son enfant (le travail à faire des deux semaines à venir, le
...               devoir à rendre avec son état, sans bouton de remise) sur un écran de téléphone ; l'agenda d'un élève d'une autre
...               famille lui est refusé. L'élève coche un travail « fait » : la coche est gardée.
...               AUTRE_ELEVE et AUTRE_NOM viennent de prepare_agenda_parent (tests/system).
Resource          resources/cartable.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${PARENT}         david.lecomte
${ELEVE}          aaron.lecomte
${AUTRE_ELEVE}    inconnu
${AUTRE_NOM}      Personne Inconnue

*** Test Cases ***
Le parent lit l'agenda de son enfant sur un téléphone
    Delete All Cookies
    Se connecter par le formulaire    ${PARENT}
    Wait Until Page Does Not Contain Element    id:__ac_password
    Set Window Size    390    844
    Go To    ${BASE_URL}/@@agenda
    Wait Until Page Contains    Aaron
    Page Should Contain Element    css:[data-travail]
    Page Should Contain    À rendre
    # the Devoir's state for the child (« Pas encore remis » / « Remis le … »), never a hand-in button: the
    # hand-in is the child's (issue 15)
    Page Should Contain Element    css:[data-travail] .etat-devoir
    Page Should Not Contain    Rendre le devoir
    Page Should Not Contain Element    css:a[href*="/devoir-demo"]
    ${debord}=    Execute Javascript    return document.documentElement.scrollWidth - document.documentElement.clientWidth
    Should Be Equal As Integers    ${debord}    0
    Page Should Not Contain Element    css:form.coche
    Set Window Size    1280    900

L'agenda d'un élève d'une autre famille est refusé au parent
    Go To    ${BASE_URL}/@@agenda?eleve=${AUTRE_ELEVE}
    Wait Until Location Contains    insufficient-privileges
    Page Should Not Contain Element    css:[data-travail]
    Page Should Not Contain    ${AUTRE_NOM}

L'élève coche un travail fait, et le retrouve coché
    Delete All Cookies
    Se connecter par le formulaire    ${ELEVE}
    Wait Until Page Does Not Contain Element    id:__ac_password
    Go To    ${BASE_URL}/@@agenda
    Wait Until Page Contains Element    css:[data-travail] form.coche button
    ${travail}=    Get Element Attribute    css:[data-travail]:not(.fait)    data-travail
    Click Element    css:[data-travail="${travail}"] form.coche button
    Wait Until Page Contains Element    css:[data-travail="${travail}"].fait
    Reload Page
    Wait Until Page Contains Element    css:[data-travail="${travail}"].fait
    Element Attribute Value Should Be    css:[data-travail="${travail}"] form.coche button    aria-pressed    true
