"""A trainer's own exercises, each visible to its owner only."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from coach import timestamps
from coach.custom_exercises import CustomExercise, NewExercise
from coach.store.connection import Connection
from coach.store.owned import owned_row


def _exercise(row: dict[str, Any]) -> CustomExercise:
    return CustomExercise(
        name=row["name"],
        level=row["level"],
        equipment=tuple(json.loads(row["equipment"])),
        cues=tuple(json.loads(row["cues"])),
        picture=row["picture"],
        picture_type=row["picture_type"],
        id=row["id"],
        owner_id=row["owner_id"],
    )


def add_custom_exercise(
    conn: Connection, owner_id: str, exercise: NewExercise, now: datetime
) -> int:
    return conn.insert(
        "custom_exercises",
        {
            "owner_id": owner_id,
            "name": exercise.name,
            "level": exercise.level,
            "equipment": json.dumps(list(exercise.equipment)),
            "cues": json.dumps(list(exercise.cues)),
            "picture": exercise.picture,
            "picture_type": exercise.picture_type,
            "created": timestamps.to_text(now),
        },
    )


def list_custom_exercises(conn: Connection, owner_id: str) -> list[CustomExercise]:
    """This owner's exercises by name; nobody else's, ever."""
    rows = conn.query(
        "SELECT * FROM custom_exercises WHERE owner_id = ? ORDER BY name, id", (owner_id,)
    )
    return [_exercise(r) for r in rows]


def get_custom_exercise(conn: Connection, owner_id: str, exercise_id: int) -> CustomExercise:
    """One of this owner's exercises; raises NotFound for anyone else's."""
    return _exercise(owned_row(conn, "custom_exercises", owner_id, exercise_id))


def delete_custom_exercise(conn: Connection, owner_id: str, exercise_id: int) -> None:
    owned_row(conn, "custom_exercises", owner_id, exercise_id)
    conn.execute(
        "DELETE FROM custom_exercises WHERE id = ? AND owner_id = ?", (exercise_id, owner_id)
    )
