"""Core: the ground floor every add-on stands on, importing none of them.

- ``horloge``: the one clock (always called through the module);
- ``refus``: the one refusal hierarchy; ``services.base``: the REST base;
- ``idempotence`` and ``elagage``: first answers replayed, pruned daily;
- ``tasks``, ``periodique``: background and periodic work (huey);
- ``config``, ``site``: storage configuration and instance folders (pure: no Zope import);
- ``static/``: the pages' shared JavaScript (``++resource++cartable.commun``).

Operations tooling (instances, cluster, start-up) lives in ``cartable.ops``.
"""
