"""The production task backend: django-tasks-rq, except that a queue outage never fails a save.

Wagtail enqueues tasks *inside* saves: a search-index update from every page save
(modelsearch's post_save handler) and frontend-cache purges. With plain
`django_tasks_rq.RQBackend` and Redis down, those enqueues raise, so saving or publishing a
page failed with a server error, for drafts after the page row had already been written.
Here, when the queue cannot take a task (a "task queue" circuit breaker: one short socket
timeout, then no attempt for a back-off), the task runs at once in this process, as
Wagtail's default (ImmediateBackend) would run it: purges, search-index and reference-index
updates are quick and idempotent, and nothing they do is lost. Tasks listed in
`OPTIONS["QUEUE_ONLY"]` (long-running ones: machine translation) never run in a request:
they raise `TaskQueueUnavailable`, a clear error for their caller (a translation job is
then marked failed with that message by locales.machine_translation.tasks), and the editor's request does not
crash.

Every fallback is logged (WARNING) with the task's name.
"""

from __future__ import annotations

import logging
from typing import Any

import redis
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task, TaskResult
from django_tasks_rq import RQBackend

from cms.resilience import breaker

logger = logging.getLogger(__name__)

QUEUE_ONLY = ("locales.machine_translation.tasks.machine_translate_job",)


class TaskQueueUnavailable(RuntimeError):
    """The task queue cannot take this task now; nothing was queued."""


class ResilientRQBackend(RQBackend):
    def __init__(self, alias: str, params: dict) -> None:
        super().__init__(alias, params)
        self.queue_only = set(self.options.get("QUEUE_ONLY", QUEUE_ONLY))
        self._inline = ImmediateBackend(alias, {})

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        queue = breaker("task queue")
        if queue.allow():
            try:
                result = super().enqueue(task, args, kwargs)
            except (redis.ConnectionError, redis.TimeoutError) as exc:
                queue.record_failure(exc)
                return self._queue_down(task, args, kwargs, exc)
            queue.record_success()
            return result
        return self._queue_down(task, args, kwargs, None)

    def _queue_down(
        self, task: Task, args: Any, kwargs: Any, exc: BaseException | None
    ) -> TaskResult:
        why = f"{type(exc).__name__}: {exc}" if exc else "circuit open"
        if task.module_path in self.queue_only:
            raise TaskQueueUnavailable(
                f"The task queue is unreachable ({why}); {task.name} was not queued."
            ) from exc
        logger.warning("task queue unavailable (%s): running %s here", why, task.module_path)
        return self._inline.enqueue(task, args, kwargs)
