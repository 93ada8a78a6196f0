"""A task for the worker tests: it proves which process ran it, and nothing else."""

import os

from django.core.cache import cache
from django_tasks import task


@task()
def report_worker(key: str) -> int:
    """Write this process's pid to the shared cache; return the parent's (the rqworker's) pid.

    RQ forks a work-horse per job, so the horse's parent is the worker the test started.
    """
    cache.set(key, os.getpid(), timeout=300)
    return os.getppid()
