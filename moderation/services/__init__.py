"""moderation/services."""
