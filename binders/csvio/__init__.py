"""CSV import and export of collections (issue 15), layered like the rest of binders:
domain (formats, value tables, reading and formula-safe writing, the import plan), repository
(the import's items and batch transactions), services (the use cases), api (views)."""
