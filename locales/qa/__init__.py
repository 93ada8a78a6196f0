"""QA warnings on translated text: placeholders, numbers, markup, script and language."""
