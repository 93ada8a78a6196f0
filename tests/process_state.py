"""Forget what this (test) process holds between requests, as a fresh app process would."""


def forget_process_state() -> None:
    """Its read-model and key copies, the generations it knows, its throttle counts and its
    circuit breakers."""
    from api.access import keys, throttling
    from api.read_model import store as read_model
    from cms import resilience

    read_model.clear_process_copy()
    keys.clear_process_copy()
    throttling.counters.clear()
    resilience.reset_all()
