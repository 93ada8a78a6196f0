"""The delivery API under /api/v1/ (app label `api`)."""
