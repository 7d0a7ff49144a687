"""A workspace's own exercises: shared by every account of the workspace, nobody else's."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from coach import timestamps
from coach.custom_exercises import CustomExercise, NewExercise
from coach.store.connection import Connection
from coach.store.owned import owned_row
from coach.store.viewer import Viewer


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


def add_custom_exercise(conn: Connection, who: Viewer, exercise: NewExercise, now: datetime) -> int:
    return conn.insert(
        "custom_exercises",
        {
            "owner_id": who.owner_id,
            "name": exercise.name,
            "level": exercise.level,
            "equipment": json.dumps(list(exercise.equipment)),
            "cues": json.dumps(list(exercise.cues)),
            "picture": exercise.picture,
            "picture_type": exercise.picture_type,
            "created": timestamps.to_text(now),
        },
    )


def list_custom_exercises(conn: Connection, who: Viewer) -> list[CustomExercise]:
    """The workspace's exercises by name; no other workspace's, ever."""
    rows = conn.query(
        "SELECT * FROM custom_exercises WHERE owner_id = ? ORDER BY name, id", (who.owner_id,)
    )
    return [_exercise(r) for r in rows]


def get_custom_exercise(conn: Connection, who: Viewer, exercise_id: int) -> CustomExercise:
    """One of the workspace's exercises; raises NotFound for another workspace's."""
    return _exercise(owned_row(conn, "custom_exercises", who, exercise_id))


def delete_custom_exercise(conn: Connection, who: Viewer, exercise_id: int) -> None:
    owned_row(conn, "custom_exercises", who, exercise_id)
    conn.execute(
        "DELETE FROM custom_exercises WHERE id = ? AND owner_id = ?", (exercise_id, who.owner_id)
    )
