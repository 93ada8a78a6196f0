"""Agency hand-off in XLIFF 1.2: export (`export.py`), import (`importing.py`), inline
codes (`codes.py`) and the file format itself (`format.py`, translate-toolkit)."""
