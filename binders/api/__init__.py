"""binders/api."""
