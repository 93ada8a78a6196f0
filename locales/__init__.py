"""Locales and the translation workflow (app label `locales`)."""
