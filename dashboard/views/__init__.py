"""Dashboard views: pages (reads) and actions (moderator writes)."""
