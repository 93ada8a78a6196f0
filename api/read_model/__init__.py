"""The read model: the JSON copies the API serves and how they stay current (rebuild on
publish, generations, the process/Redis/database tiers, purge, sync change log)."""
