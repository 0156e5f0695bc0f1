"""binders: a trader's binders and the card entries in them."""
