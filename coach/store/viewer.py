"""Who is asking: the one value every store function that reads or writes client data takes.

The team model. A workspace is an owner id: every client row and every record about a client
carries it. Accounts sign in to a workspace with a role:

- `owner`: the account that set the workspace up (and a workspace with no account at all: the
  personal one, a demo). An owner sees every client of the workspace and assigns them.
- `trainer`: an account the owner added to their workspace. A trainer sees only the clients
  assigned to them (the `assignments` table: one row per client and trainer account), and a
  client they add is assigned to them.
- `client`: a client's own account (see `client_accounts`), which signs in to a workspace of
  its own that holds nothing; as a viewer of the trainer's workspace it reaches only the one
  record its link names.

A `Viewer` names the workspace, the account and its role. `scope` turns it into the SQL
condition every query about clients adds, and `owned.owned_row` applies the same rule to a
single row, so a trainer reaches an unassigned client through no page, query parameter or
store function: the answer is NotFound (a single row) or nothing (a list), exactly as for
another workspace's client. The workspace's own exercise library is shared by all its accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coach.errors import InvalidInput

OWNER = "owner"
TRAINER = "trainer"
CLIENT = "client"
ROLES = (OWNER, TRAINER, CLIENT)
# Where each limited role's clients are listed: a trainer's assignments, a client's own link.
_REACHES = {TRAINER: "assignments", CLIENT: "client_accounts"}


@dataclass(frozen=True)
class Viewer:
    """The workspace asked about, the account asking (None: nobody signs in to it) and its role."""

    owner_id: str
    account_id: int | None = None
    role: str = OWNER

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise InvalidInput(f"role: one of {', '.join(ROLES)}")
        if self.role != OWNER and self.account_id is None:
            raise InvalidInput(f"role: a {self.role} is always an account")

    @property
    def sees_all(self) -> bool:
        """The owner sees every client of the workspace; a trainer only their assigned ones."""
        return self.role == OWNER


def scope(who: Viewer, column: str = "client_id") -> tuple[str, list[Any]]:
    """The condition (and its parameters) that keeps a query to the rows `who` may see;
    `column` holds the client's id (`id` in the clients table itself)."""
    if who.sees_all:
        return "owner_id = ?", [who.owner_id]
    return (
        f"owner_id = ? AND {column} IN"
        f" (SELECT client_id FROM {_REACHES[who.role]} WHERE account_id = ?)",
        [who.owner_id, who.account_id],
    )
