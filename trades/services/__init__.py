"""trades: services layer."""
