"""tradeapi: the Django project package (settings, URLs, errors, AWS wiring, local stack)."""
