"""Wagtail admin views of the translation workflow (thin: they call services/selectors)."""
