*** Settings ***
Documentation     Un enseignant (david.mathieu) trouve tout par des clics depuis Mon bureau, sur un téléphone et sur un
...               ordinateur : chaque rubrique de son menu s'ouvre sans erreur ni défilement horizontal.
Resource          resources/parcours.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Test Cases ***
Parcours enseignant
    Parcours aux deux tailles    david.mathieu    David Mathieu    Mon bureau
