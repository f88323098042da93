"""cartable.theme: the frame around every page (the Cartable look, the header, the bell, the notifications page,
the error pages, the editing toolbar only for those who edit where they stand).

A feature-floor add-on: it reads core (the menu, the notifications) and annuaire (the reader), nothing above.
Barceloneta's compiled CSS (through the ``cartable`` Diazo theme, ``diazo/``) and one CSS file of ours
(``static/cartable.css``, the ``cartable-theme`` bundle): nothing is built at run time.
"""
