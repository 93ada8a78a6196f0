"""A job enqueued by this process is executed by a separate `manage.py rqworker` process."""

import os
import subprocess
import uuid

import pytest
from django.core.cache import cache
from django_tasks import TaskResultStatus

from tests.production.conftest import PYTHON, ROOT, wait_until
from tests.production.tasks import report_worker

pytestmark = pytest.mark.production

DONE = (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)


def wait_for(result, *, timeout: float = 60):
    def finished() -> bool:
        result.refresh()
        return result.status in DONE

    wait_until(finished, timeout=timeout, what=f"task {result.id} to finish")
    return result


def test_job_is_picked_up_by_the_worker_process(rq_worker):
    key = f"worker-probe:{uuid.uuid4().hex}"
    result = report_worker.enqueue(key)
    assert result.status == TaskResultStatus.READY  # queued in Redis, not run in-process
    assert cache.get(key) is None

    wait_for(result)
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert result.return_value == rq_worker.pid  # run by a child of the worker we started
    ran_in = cache.get(key)
    assert ran_in is not None and ran_in != os.getpid()
    assert result.worker_ids, "RQ records which worker ran the job"


def test_a_job_waits_in_redis_until_a_worker_starts(rq_backend, child_env):
    """Nothing runs without a worker, and nothing is lost: a worker started later runs it."""
    key = f"worker-probe:{uuid.uuid4().hex}"
    result = report_worker.enqueue(key)
    assert rq_backend.count == 1
    result.refresh()
    assert result.status == TaskResultStatus.READY
    assert cache.get(key) is None

    burst = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "rqworker",
            "--burst",
            "--job-class",
            "django_tasks_rq.Job",
            "default",
        ],
        cwd=ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert burst.returncode == 0, burst.stdout + burst.stderr
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert cache.get(key) not in (None, os.getpid())
    assert rq_backend.count == 0
