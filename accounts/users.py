"""The request user: built from verified token claims, with no database read."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CognitoUser:
    sub: str
    username: str
    email: str | None = None
    groups: tuple[str, ...] = field(default_factory=tuple)
    is_staff: bool = False

    is_authenticated = True
    is_anonymous = False
    is_active = True

    @property
    def pk(self) -> str:
        return self.sub

    id = pk

    def get_username(self) -> str:
        return self.username

    def __str__(self) -> str:
        return self.username

    @classmethod
    def from_claims(cls, claims: dict, *, staff_group: str) -> "CognitoUser":
        groups = tuple(claims.get("cognito:groups") or ())
        username = claims.get("username") or claims.get("cognito:username") or claims["sub"]
        return cls(
            sub=claims["sub"],
            username=username,
            email=claims.get("email"),
            groups=groups,
            is_staff=staff_group in groups,
        )


class AnonymousTrader:
    """DRF's UNAUTHENTICATED_USER: no django.contrib.auth (and so no database) needed."""

    sub = None
    pk = None
    id = None
    username = ""
    email = None
    groups = ()
    is_staff = False
    is_authenticated = False
    is_anonymous = True
    is_active = False

    def get_username(self) -> str:
        return ""

    def __str__(self) -> str:
        return "AnonymousUser"
