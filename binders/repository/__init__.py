"""binders/repository."""
