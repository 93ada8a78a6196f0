"""Who may read and how much: partner API keys, authentication, permissions, throttling
and the keys' admin screens."""
