"""binders/domain."""
