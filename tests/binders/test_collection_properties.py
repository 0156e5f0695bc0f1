"""A state machine drives random adds, quantity changes, removals, moves and binder deletes through the
services and checks, after every step, the collection against a model: each entry's quantity, and each
binder's card_count equal to the sum of its entries (the data-model invariant)."""

import uuid

from hypothesis import HealthCheck
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from accounts.services import profile_create
from binders.domain.cards import Condition, Finish
from binders.repository import cards as card_repo
from binders.services import binders as binder_services
from binders.services import cards as card_services
from tradeapi.db import keys
from tradeapi.exceptions import AppError

# What card_add takes to name a printing of the sample catalog, and its finish and condition.
PRINTINGS = [
    {"set_code": "RNA", "collector_number": "246", "finish": Finish.NONFOIL, "condition": Condition.NM},
    {"set_code": "RNA", "collector_number": "246", "finish": Finish.NONFOIL, "condition": Condition.LP},
    {
        "name": "Tarmogoyf",
        "set_code": "MM2",
        "collector_number": "165",
        "finish": Finish.FOIL,
        "condition": Condition.NM,
    },
]


class Collection(RuleBasedStateMachine):
    @initialize()
    def trader(self):
        self.sub = str(uuid.uuid4())
        profile_create(sub=self.sub, username=f"prop{uuid.uuid4().hex[:10]}", email="prop@example.com")
        self.binders = ["default"]
        self.model: dict[str, int] = {}  # card_id → quantity

    def _id(self, binder_id: str, printing: dict) -> str:
        return keys.card_id(
            binder_id,
            printing["set_code"],
            printing["collector_number"],
            printing["finish"].value,
            printing["condition"].value,
            "en",
        )

    @precondition(lambda self: len(self.binders) < 3)
    @rule()
    def create_binder(self):
        binder = binder_services.binder_create(owner_sub=self.sub, name=f"B {uuid.uuid4().hex[:6]}")
        self.binders.append(binder.binder_id)

    @rule(b=st.integers(0, 2), p=st.integers(0, 2), q=st.integers(1, 600))
    def add(self, b, p, q):
        binder_id, printing = self.binders[b % len(self.binders)], PRINTINGS[p]
        card_id = self._id(binder_id, printing)
        try:
            card_services.card_add(owner_sub=self.sub, binder_id=binder_id, quantity=q, **printing)
        except AppError as exc:
            assert exc.code == "quantity_limit_exceeded" and self.model.get(card_id, 0) + q > 999
            return
        self.model[card_id] = self.model.get(card_id, 0) + q

    @precondition(lambda self: self.model)
    @rule(i=st.integers(0, 20), q=st.integers(1, 999))
    def set_quantity(self, i, q):
        card_id = sorted(self.model)[i % len(self.model)]
        card_services.card_update(
            owner_sub=self.sub, binder_id=keys.binder_id_of_card(card_id), card_id=card_id, changes={"quantity": q}
        )
        self.model[card_id] = q

    @precondition(lambda self: self.model)
    @rule(i=st.integers(0, 20))
    def remove(self, i):
        card_id = sorted(self.model)[i % len(self.model)]
        card_services.card_remove(owner_sub=self.sub, binder_id=keys.binder_id_of_card(card_id), card_id=card_id)
        del self.model[card_id]

    @precondition(lambda self: self.model and len(self.binders) > 1)
    @rule(i=st.integers(0, 20), b=st.integers(0, 2), q=st.integers(1, 999))
    def move(self, i, b, q):
        card_id = sorted(self.model)[i % len(self.model)]
        source = keys.binder_id_of_card(card_id)
        target = [x for x in self.binders if x != source][b % (len(self.binders) - 1)]
        landing = keys.card_id_in_binder(card_id, target)
        try:
            card_services.card_move(
                owner_sub=self.sub, binder_id=source, card_id=card_id, to_binder_id=target, quantity=q
            )
        except AppError as exc:
            if exc.code == "insufficient_quantity":
                assert q > self.model[card_id]
            else:
                assert exc.code == "quantity_limit_exceeded" and self.model.get(landing, 0) + q > 999
            return
        self.model[landing] = self.model.get(landing, 0) + q
        self.model[card_id] -= q
        if not self.model[card_id]:
            del self.model[card_id]

    @precondition(lambda self: len(self.binders) > 1)
    @rule(force=st.booleans())
    def delete_binder(self, force):
        binder_id = self.binders[-1]
        held = [cid for cid in self.model if keys.binder_id_of_card(cid) == binder_id]
        try:
            binder_services.binder_delete(owner_sub=self.sub, binder_id=binder_id, force=force)
        except AppError as exc:
            assert exc.code == "binder_not_empty" and held and not force
            return
        self.binders.pop()
        for cid in held:
            del self.model[cid]

    @invariant()
    def matches_the_model(self):
        if not hasattr(self, "sub"):
            return
        stored = {}
        for binder_id in self.binders:
            entries = card_repo.cards_in_binder(self.sub, binder_id)
            assert all(e.quantity >= 1 for e in entries)
            card_count = binder_services.binder_get(owner_sub=self.sub, binder_id=binder_id).card_count
            assert card_count == sum(e.quantity for e in entries)
            stored.update({e.card_id: e.quantity for e in entries})
        assert stored == self.model


def test_card_counts_stay_exact_under_any_sequence_of_operations(local_stack):
    run_state_machine_as_test(
        Collection,
        settings=hsettings(
            max_examples=4,
            stateful_step_count=10,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        ),
    )
