"""Translation status per guide and locale: counts, the report and the dashboard panel."""
