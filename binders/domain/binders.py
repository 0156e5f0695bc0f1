"""Binders: a trader's named groups of card entries, and their errors."""

import enum
import re
from dataclasses import dataclass

from tradeapi.db.keys import BINDER_ID_PATTERN
from tradeapi.exceptions import Conflict, NotFound

NAME_MAX = 100


def is_binder_id(text: str | None) -> bool:
    """Whether ``text`` is a binder id we could have issued (anything else is simply not found)."""
    return re.fullmatch(BINDER_ID_PATTERN, text or "") is not None


class Visibility(str, enum.Enum):
    PRIVATE = "private"
    TRADEABLE = "tradeable"  # other traders may see its cards and ask for them


@dataclass(frozen=True)
class Binder:
    owner_sub: str
    binder_id: str
    name: str
    description: str = ""
    visibility: Visibility = Visibility.PRIVATE
    is_default: bool = False
    card_count: int = 0
    created_at: str = ""
    updated_at: str = ""
    version: int = 1
    deleting: bool = False  # a force delete larger than one transaction is under way


class BinderNotFound(NotFound):
    code = "binder_not_found"
    message = "No such binder."


class BinderNameTaken(Conflict):
    code = "binder_name_taken"
    message = "You already have a binder with this name."


class BinderNotEmpty(Conflict):
    code = "binder_not_empty"
    message = "The binder still holds cards; move them or delete with ?force=true."


class DefaultBinderProtected(Conflict):
    code = "default_binder_protected"
    message = "The default binder receives traded cards and cannot be deleted."


class BinderBeingDeleted(Conflict):
    code = "binder_being_deleted"
    message = "The binder is being deleted; cards cannot be added to it."


class BinderChanging(Conflict):
    code = "binder_changing"
    message = "The binder keeps changing under concurrent requests; try again."


class BinderRefused(BinderChanging):
    """The binder refused cards: it is missing or being deleted (the service reads it to say which)."""
