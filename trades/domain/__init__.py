"""trades: domain layer."""
