"""Input and output shapes of the collections API (binders and cards)."""
