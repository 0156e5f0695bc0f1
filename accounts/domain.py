"""Trader profiles: plain data and domain errors (no Django, no boto3)."""

from dataclasses import dataclass, replace

from tradeapi.exceptions import Conflict, NotFound

WRITABLE_FIELDS = ("display_name", "bio", "location")


@dataclass(frozen=True)
class Profile:
    sub: str
    username: str
    email: str
    display_name: str = ""
    bio: str = ""
    location: str = ""
    created_at: str = ""
    updated_at: str = ""
    suspended: bool = False
    suspended_reason: str = ""

    def with_changes(self, **changes) -> "Profile":
        unknown = set(changes) - set(WRITABLE_FIELDS)
        if unknown:
            raise ValueError(f"not writable: {sorted(unknown)}")
        return replace(self, **changes)


class UsernameTaken(Conflict):
    code = "username_exists"
    message = "That username is taken."


class ProfileNotFound(NotFound):
    code = "profile_not_found"
    message = "No such trader."
