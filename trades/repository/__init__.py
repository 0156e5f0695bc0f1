"""trades: repository layer."""
