"""The queue consumer: ``cartable-worker --zope-conf instance/etc/zope.conf``.

It starts Zope from the same zope.conf as the web instance (same database,
same queue settings), then runs huey's consumer with worker threads; each
task opens its own ZODB connection (see cartable.core.tasks.run_once).
The consumer also runs huey's scheduler: every minute it queues each site's
tour of periodic jobs (cartable.core.periodique).
``make start`` runs one as a child process; ``make worker`` runs one alone.
"""

import argparse
import logging
import sys


def main(argv=None):
    from cartable.core.site import REPO

    parser = argparse.ArgumentParser(description="Exécute les tâches de fond de Cartable.")
    parser.add_argument("--zope-conf", default=str(REPO / "instance" / "etc" / "zope.conf"))
    parser.add_argument("--workers", type=int, default=2, help="fils d'exécution (défaut : 2)")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
    from cartable.core import periodique, tasks
    from cartable.ops.zope_app import open_app

    app = open_app(args.zope_conf)
    app._p_jar.close()  # tasks open their own connections
    huey = tasks.get_huey()
    journal = logging.getLogger("cartable.worker")
    # a worker killed mid-task (kill -9, machine crash) lost that task from the queue
    for job, sort in tasks.reprendre_orphelins(huey).items():
        journal.warning("job %s of a dead worker: %s", job, sort)
    periodique.installer(huey)  # internal jobs' runner and the every-minute tour
    journal.info("worker ready: queue %s, %s thread(s), periodic tour every minute", tasks.queue_kind(), args.workers)
    consumer = huey.create_consumer(workers=args.workers, worker_type="thread", periodic=True)
    consumer.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
