"""The safety plan in the journal's database (the ``safety_plans`` table), written
and read only through the journal's codec (context ``safety_plans.plan:<id>``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from befriend.safety.plan import SafetyPlan
from befriend.store.codec import SAFETY_PLAN, context_for
from befriend.store.models import SafetyPlanRecord, utcnow

if TYPE_CHECKING:
    from befriend.store.journal import Journal

PLAN_ID: Final[str] = "safety-plan"


def has_plan(journal: Journal) -> bool:
    """Whether a plan is stored, without reading it (needs no passphrase)."""
    with journal.transaction() as s:
        return s.get(SafetyPlanRecord, PLAN_ID) is not None


def load_plan(journal: Journal) -> SafetyPlan | None:
    with journal.transaction() as s:
        row = s.get(SafetyPlanRecord, PLAN_ID)
        blob = None if row is None else bytes(row.plan)
    if blob is None:
        return None
    return SafetyPlan.from_json(journal.codec.decode(blob, context_for(SAFETY_PLAN, PLAN_ID)))


def save_plan(journal: Journal, plan: SafetyPlan) -> None:
    """Replace the plan in one transaction (an empty plan removes it)."""
    blob = journal.codec.encode(plan.to_json(), context_for(SAFETY_PLAN, PLAN_ID))
    with journal.transaction(write=True) as s:
        journal.check_codec(s)  # refuse if the vault changed since opening
        row = s.get(SafetyPlanRecord, PLAN_ID)
        if plan.empty:
            if row is not None:
                s.delete(row)
        elif row is None:
            s.add(SafetyPlanRecord(id=PLAN_ID, plan=blob, updated_at=utcnow()))
        else:
            row.plan = blob
            row.updated_at = utcnow()
