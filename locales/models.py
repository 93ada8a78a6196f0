"""Models of the locales app. Each concern lives in its own module and is re-exported here
so Django finds it."""

from .glossary import GlossaryTerm

__all__ = ["GlossaryTerm"]
