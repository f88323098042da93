*** Settings ***
Documentation     Une CPE (samia.duval) trouve tout par des clics depuis Mon bureau, sur un téléphone et sur un
...               ordinateur : chaque rubrique de son menu s'ouvre sans erreur ni défilement horizontal.
Resource          resources/parcours.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Test Cases ***
Parcours cpe
    Parcours aux deux tailles    samia.duval    Samia Duval    Mon bureau
