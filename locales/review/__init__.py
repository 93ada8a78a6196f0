"""Human review of translations: per-segment state, the reads the review screen and report
share (selectors), the writes (actions), checks, permissions, notifications and the
audit trail."""
