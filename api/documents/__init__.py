"""What a guide document is: built from a live revision, rich text sanitized and given as
html, text and nodes."""
