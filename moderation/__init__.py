"""moderation: reports, holds, suspensions and the audit log (the dashboard app is its web UI)."""
