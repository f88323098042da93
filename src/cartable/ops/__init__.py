"""Operations tooling: the commands that render an instance, start it, create the site, run the worker, import the directory, run a cluster.

The top floor: it may import every add-on; nothing under cartable imports it
(tests/unit/test_architecture.py). The runtime lives in core and the add-ons.
"""
