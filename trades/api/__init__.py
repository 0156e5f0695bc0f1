"""trades: api layer."""
