"""Turning plain-text guides into structured content."""
