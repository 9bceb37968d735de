"""``manage.py run_worker``: runs queued jobs and the periodic schedule."""

import logging
import threading
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections, connections
from django_tasks import default_task_backend

from jobs import runtime, schedule, stalled

logger = logging.getLogger("jobs")


class Command(BaseCommand):
    help = (
        "Runs background jobs from the configured queue (the database by default, "
        "RQ on Redis with JOB_QUEUE=redis) and enqueues periodic jobs when due."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Only run jobs; another worker enqueues the periodic ones.",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run what is ready now, then exit.",
        )
        parser.add_argument(
            "--tick",
            type=float,
            default=5.0,
            help="Seconds between the scheduler's checks (default 5).",
        )
        parser.add_argument(
            "--queue", default="*", help="Queues to take jobs from (default: all)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_scheduler"]:
            scheduler = threading.Thread(
                target=self.schedule_forever,
                args=(options["tick"],),
                name="scheduler",
                daemon=True,
            )
            if options["batch"]:
                self.schedule_once()
            else:
                scheduler.start()
        if runtime.queues_in_database():
            self.run_database_queue(options)
        else:
            self.run_redis_queue(options)

    def schedule_once(self) -> None:
        try:
            due = schedule.tick()
            if runtime.queues_in_database():
                stalled.requeue_stalled()
        except DatabaseError as error:  # a locked SQLite file, a restarting server
            logger.warning("Scheduler tick failed, trying again: %s", error)
            close_old_connections()
            return
        if due:
            logger.info("Enqueued periodic jobs: %s", ", ".join(due))

    def schedule_forever(self, interval: float) -> None:
        try:
            while True:
                self.schedule_once()
                time.sleep(interval)
        finally:
            connections.close_all()

    def run_database_queue(self, options: dict[str, Any]) -> None:
        from django.utils.crypto import get_random_string
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(
            queue_names=options["queue"].split(","),
            interval=1,
            batch=options["batch"],
            backend_name="default",
            startup_delay=not options["batch"],
            max_tasks=None,
            worker_id=f"{runtime.WORKER}:{get_random_string(6)}",
            excluded_queue_names=[],
        )
        if not options["batch"]:
            worker.configure_signals()
        self.stdout.write(f"Worker {worker.worker_id} taking jobs from the database.")
        worker.run()

    def run_redis_queue(self, options: dict[str, Any]) -> None:
        import django_rq

        queues = default_task_backend.queues or ["default"]
        # Jobs enqueued through the task API are read back as its Job class.
        worker = django_rq.get_worker(
            *sorted(queues), job_class="django_tasks_rq.backend.Job"
        )
        self.stdout.write(f"Worker {worker.name} taking jobs from Redis.")
        worker.work(with_scheduler=True, burst=options["batch"])
