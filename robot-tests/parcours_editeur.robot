*** Settings ***
Documentation     La documentaliste du collège, éditrice de l'établissement (nommée par la démonstration), trouve
...               tout par des clics depuis Mon bureau, sur un téléphone et sur un ordinateur : les espaces libres,
...               les actualités de l'établissement ; chaque rubrique de son menu s'ouvre sans erreur ni défilement
...               horizontal. Son identifiant et son nom viennent des comptes de démonstration (tests/system/test_robot.py).
Resource          resources/parcours.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Variables ***
${EDITRICE}       ${EMPTY}
${EDITRICE_NOM}   ${EMPTY}

*** Test Cases ***
Parcours editeur
    Parcours aux deux tailles    ${EDITRICE}    ${EDITRICE_NOM}    Mon bureau    Espaces libres    Actualités
    Revenir à Mon bureau
    Element Should Contain    css:.mon-bureau    À publier
    Element Should Contain    css:.mon-bureau    Écrire une actualité
