*** Settings ***
Documentation     L'administratrice régionale (admin.region) trouve tout par des clics depuis Mon bureau, sur un
...               téléphone et sur un ordinateur : chaque rubrique de son menu s'ouvre sans erreur ni défilement
...               horizontal.
Resource          resources/parcours.resource
Suite Setup       Ouvrir Chromium
Suite Teardown    Close All Browsers

*** Test Cases ***
Parcours admin
    Parcours aux deux tailles    admin.region    Administratrice régionale    Mon bureau    Importer l'annuaire
