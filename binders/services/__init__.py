"""binders/services."""
