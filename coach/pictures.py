"""Line drawings of exercises: a stick figure's start and end positions, side by side.

The figures are drawn from joint angles in `data/poses.toml`, so every picture shares one body,
one scale and one style. `python -m coach.pictures` rewrites `data/pictures/<id>.svg`; a test
checks the files in the repository match what this module draws now.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from coach.content import DATA_DIR, load_toml
from coach.errors import ContentError

PICTURE_DIR = DATA_DIR / "pictures"
# Body part lengths in drawing units (about 2 cm of a real body each).
TORSO, NECK, HEAD_RADIUS = 30, 10.5, 5
UPPER_ARM, FOREARM = 15, 16  # the forearm includes the hand
THIGH, SHIN, FOOT = 23, 22, 7
SHOULDER_HALF, HIP_HALF = 7, 4.5  # half widths, used when a figure faces the viewer
LIMB = 3.2  # stroke width of the body
PANEL_WIDTH, GAP, MARGIN, FLOOR_MARGIN = 140, 22, 8, 6
PIXELS_PER_UNIT = 2
INK, FAR_INK, PROP_INK, FLOOR_INK, PROP_FILL = "#1b2a33", "#9aa8b1", "#4f6470", "#c3cdd3", "#e8eef1"
PROPS = (
    "ball", "bench", "kettlebell", "barbell", "dumbbell", "band", "cable", "wheel", "wall", "bike",
)  # fmt: skip
FLOOR_PROPS = ("bench", "wall", "band", "cable")
BEHIND = ("ball", "wheel", "bike")  # drawn behind the figure; the rest are held in front of it
HELD = ("kettlebell", "barbell", "dumbbell")
JOINTS = (
    "hip", "shoulder", "head", "elbow", "wrist", "elbow_far", "wrist_far",
    "knee", "ankle", "toe", "knee_far", "ankle_far", "toe_far",
)  # fmt: skip

Point = tuple[float, float]


@dataclass(frozen=True)
class Prop:
    """Equipment drawn with the figure, placed at one of its joints."""

    kind: str
    at: str
    dx: float = 0
    dy: float = 0
    size: float = 0
    to: str = ""  # a band held between two joints instead of tied to a post


@dataclass(frozen=True)
class Pose:
    """One position: the direction of each body part in degrees (0 forward, 90 up)."""

    torso: float
    head: float
    arm: tuple[float, float]
    arm_far: tuple[float, float]
    leg: tuple[float, float, float]
    leg_far: tuple[float, float, float]
    front: bool = False
    above: bool = False  # seen from above, lying on the floor: no floor line
    bend: float = 0  # how far the middle of the spine bows backwards (+) or forwards (-)
    lift: float = 0
    props: tuple[Prop, ...] = ()


@dataclass(frozen=True)
class Shape:
    """A line, polyline or circle in drawing units, with y pointing up."""

    kind: str
    points: tuple[Point, ...]
    ink: str
    width: float
    radius: float = 0
    fill: str = "none"


@dataclass(frozen=True)
class Drawing:
    shapes: list[Shape] = field(default_factory=list)
    floor_items: list[tuple[str, Prop, Point]] = field(default_factory=list)


def _toward(origin: Point, degrees: float, length: float) -> Point:
    angle = math.radians(degrees)
    return (origin[0] + length * math.cos(angle), origin[1] + length * math.sin(angle))


def joints(pose: Pose) -> dict[str, Point]:
    """Joint positions with the hip at the origin, found by walking out from the hip."""
    hip = (0.0, 0.0)
    shoulder = _toward(hip, pose.torso, TORSO)
    spread = (SHOULDER_HALF, HIP_HALF) if pose.front else (0, 0)
    points = {"hip": hip, "shoulder": shoulder, "head": _toward(shoulder, pose.head, NECK)}
    for side, sign in (("", -1), ("_far", 1)):
        s = (shoulder[0] + sign * spread[0], shoulder[1])
        h = (hip[0] + sign * spread[1], hip[1])
        upper, fore = getattr(pose, "arm" + side)
        thigh, shin, foot = getattr(pose, "leg" + side)
        points["shoulder_side" + side] = s
        points["hip_side" + side] = h
        points["elbow" + side] = _toward(s, upper, UPPER_ARM)
        points["wrist" + side] = _toward(points["elbow" + side], fore, FOREARM)
        points["knee" + side] = _toward(h, thigh, THIGH)
        points["ankle" + side] = _toward(points["knee" + side], shin, SHIN)
        points["toe" + side] = _toward(points["ankle" + side], foot, FOOT)
    return points


def _line(ink: str, *points: Point, width: float = LIMB) -> Shape:
    return Shape("line", tuple(points), ink, width)


def _circle(ink: str, centre: Point, radius: float, width: float, fill: str = "none") -> Shape:
    return Shape("circle", (centre,), ink, width, radius, fill)


def _limbs(points: dict[str, Point], side: str, ink: str) -> list[Shape]:
    return [
        _line(ink, points["shoulder_side" + side], points["elbow" + side], points["wrist" + side]),
        _line(
            ink,
            points["hip_side" + side],
            points["knee" + side],
            points["ankle" + side],
            points["toe" + side],
        ),
    ]


def _held_prop(prop: Prop, points: dict[str, Point]) -> list[Shape]:
    """Equipment that hangs from or rests under a joint; these count when finding the floor."""
    x, y = points[prop.at][0] + prop.dx, points[prop.at][1] + prop.dy
    if prop.kind == "ball":
        r = prop.size or 12
        return [_circle(PROP_INK, (x, y - r - LIMB / 2), r, 1.6, PROP_FILL)]
    if prop.kind == "wheel":
        return [_circle(PROP_INK, (x, y - 4), 4, 1.6, PROP_FILL)]
    if prop.kind == "kettlebell":
        return [
            _circle(PROP_INK, (x, y - 1.5), 2.2, 1.4),
            _circle(PROP_INK, (x, y - 7), 4.6, 1.6, PROP_FILL),
        ]
    if prop.kind == "barbell":
        plate = _circle(PROP_INK, (x, y), prop.size or 10, 1.8)
        return [plate, _circle(PROP_INK, (x, y), 1.2, 1.6)]
    if prop.kind == "dumbbell":
        return [_circle(PROP_INK, (x, y), 3.2, 1.6, PROP_FILL)]
    # An exercise bike under a seated figure: saddle at the joint, crank below, bars at the hands.
    crank = (x + 9, y - 36)
    hx, hy = points["wrist"]
    return [
        _line(PROP_INK, (x - 5, y - 3), (x + 4, y - 3), (x, y - 3), crank, width=1.6),
        _line(PROP_INK, crank, (hx - 1, hy - 2), (hx + 3, hy - 2), width=1.6),
        _line(PROP_INK, crank, (crank[0], crank[1] - 12), width=1.6),
        _line(PROP_INK, (crank[0] - 18, crank[1] - 12), (crank[0] + 22, crank[1] - 12), width=1.6),
        _circle(FAR_INK, crank, 8, 1.4),
    ]


def _floor_prop(prop: Prop, points: dict[str, Point], floor: float) -> list[Shape]:
    """Equipment that stands on the floor whatever its height: bench, wall, posts, a bike."""
    at = points[prop.at]
    if prop.kind == "bench":
        length = prop.size or 34
        top = at[1] - LIMB / 2 - 0.8
        left, right = at[0] + prop.dx - length / 2, at[0] + prop.dx + length / 2
        return [
            _line(PROP_INK, (left + 4, top - 3), (left + 4, floor), width=1.6),
            _line(PROP_INK, (right - 4, top - 3), (right - 4, floor), width=1.6),
            Shape("rect", ((left, top - 3), (right, top)), PROP_INK, 1.6, fill=PROP_FILL),
        ]
    if prop.kind == "wall":
        x = at[0] + prop.dx
        return [_line(FLOOR_INK, (x, floor), (x, floor + (prop.size or 100)), width=2.4)]
    if prop.to:
        return [_line(PROP_INK, at, points[prop.to], width=1.2)]
    hip = points["hip"]
    anchor = (hip[0] + prop.dx, hip[1] + prop.dy)
    if prop.kind == "cable":
        post = Shape(
            "rect", ((anchor[0] - 3, floor), (anchor[0] + 3, anchor[1] + 30)), FAR_INK, 1.6,
            fill=PROP_FILL,
        )  # fmt: skip
    else:
        post = _line(FAR_INK, (anchor[0], floor), (anchor[0], anchor[1] + 5), width=2.4)
    return [post, _line(PROP_INK, anchor, at, width=1.2)]


def _spine(points: dict[str, Point], bend: float) -> Shape:
    """The torso, bowed at its middle: positive rounds the back, negative arches it."""
    (x0, y0), (x1, y1) = points["hip"], points["shoulder"]
    nx, ny = -(y1 - y0) / TORSO, (x1 - x0) / TORSO  # towards the back of a figure facing right
    steps = 8 if bend else 1
    curve = []
    for i in range(steps + 1):
        t = i / steps
        lift = 4 * t * (1 - t) * bend
        curve.append((x0 + (x1 - x0) * t + nx * lift, y0 + (y1 - y0) * t + ny * lift))
    return _line(INK, *curve)


def _draw(pose: Pose) -> tuple[list[Shape], float]:
    """Every shape of one pose, back to front, and the height of its floor."""
    points = joints(pose)
    behind = [s for p in pose.props if p.kind in BEHIND for s in _held_prop(p, points)]
    held = [s for p in pose.props if p.kind in HELD for s in _held_prop(p, points)]
    spine = _spine(points, pose.bend)
    lowest = min(
        [y - LIMB / 2 for name, (_, y) in points.items() if name != "head"]
        + [y - LIMB / 2 for _, y in spine.points]
        + [points["head"][1] - HEAD_RADIUS - LIMB / 2]
        + [y - s.radius - s.width / 2 for s in behind + held for _, y in s.points]
    )
    floor = lowest - pose.lift
    ink_far = INK if pose.front else FAR_INK
    shapes = [s for p in pose.props if p.kind in FLOOR_PROPS for s in _floor_prop(p, points, floor)]
    shapes += behind
    shapes += _limbs(points, "_far", ink_far)
    shapes.append(spine)
    if pose.front:
        shapes.append(_line(INK, points["shoulder_side"], points["shoulder_side_far"]))
        shapes.append(_line(INK, points["hip_side"], points["hip_side_far"]))
    shapes.append(_circle(INK, points["head"], HEAD_RADIUS, LIMB, "#ffffff"))
    shapes += _limbs(points, "", INK)
    shapes += held
    return shapes, floor


def _extent(shapes: list[Shape]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for s in shapes:
        for x, y in s.points:
            xs += [x - s.radius, x + s.radius]
            ys += [y - s.radius, y + s.radius]
    return min(xs), max(xs), min(ys), max(ys)


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg_shape(shape: Shape, dx: float, top: float) -> str:
    """One shape in SVG coordinates (y down), moved right by `dx` below a top edge at `top`."""
    pts = [(_fmt(x + dx), _fmt(top - y)) for x, y in shape.points]
    stroke = f'stroke="{shape.ink}" stroke-width="{_fmt(shape.width)}"'
    if shape.kind == "circle":
        (cx, cy), r = pts[0], _fmt(shape.radius)
        return f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{shape.fill}" {stroke}/>'
    if shape.kind == "rect":
        (x1, y1), (x2, y2) = shape.points
        x, y = _fmt(min(x1, x2) + dx), _fmt(top - max(y1, y2))
        w, h = _fmt(abs(x2 - x1)), _fmt(abs(y2 - y1))
        return f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{shape.fill}" {stroke}/>'
    path = " ".join(f"{x},{y}" for x, y in pts)
    return (
        f'<polyline points="{path}" fill="none" {stroke} '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    )


def render(title: str, start: Pose, end: Pose) -> str:
    """An SVG of the start and end positions side by side, on one floor, with an arrow between."""
    posed = (start, end)
    drawn = [_draw(start), _draw(end)]
    # Stand both figures on the same floor line, y = 0.
    placed = []
    for shapes, floor in drawn:
        placed.append(
            [Shape(s.kind, tuple((x, y - floor) for x, y in s.points), s.ink, s.width, s.radius,
                   s.fill) for s in shapes]
        )  # fmt: skip
    height = max(_extent(shapes)[3] for shapes in placed) + MARGIN
    width = 2 * PANEL_WIDTH + GAP
    body = []
    for index, shapes in enumerate(placed):
        left, right, _, _ = _extent([s for s in shapes if s.ink != FLOOR_INK] or shapes)
        offset = index * (PANEL_WIDTH + GAP) + PANEL_WIDTH / 2 - (left + right) / 2
        panel_left = index * (PANEL_WIDTH + GAP)
        if posed[index].above:  # a mat under a figure seen from above, instead of a floor line
            x0, x1, y0, y1 = _extent(shapes)
            mat = Shape("rect", ((x0 - 5, y0 - 5), (x1 + 5, y1 + 5)), PROP_FILL, 0, fill=PROP_FILL)
            body.append(_svg_shape(mat, offset, height))
        else:
            ends = (panel_left + 4, 0), (panel_left + PANEL_WIDTH - 4, 0)
            body.append(_svg_shape(_line(FLOOR_INK, *ends, width=1.6), 0, height))
        body += [_svg_shape(s, offset, height) for s in shapes]
    total = height + FLOOR_MARGIN
    mid, arrow_y = PANEL_WIDTH + GAP / 2, _fmt(height / 2)
    body.append(
        f'<polyline points="{_fmt(mid - 6)},{arrow_y} {_fmt(mid + 5)},{arrow_y}" fill="none" '
        f'stroke="{FAR_INK}" stroke-width="2" stroke-linecap="round"/>'
    )
    body.append(
        f'<polyline points="{_fmt(mid + 1)},{_fmt(height / 2 - 4)} {_fmt(mid + 5)},{arrow_y} '
        f'{_fmt(mid + 1)},{_fmt(height / 2 + 4)}" fill="none" stroke="{FAR_INK}" '
        'stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>'
    )
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{_fmt(width * PIXELS_PER_UNIT)}" '
            f'height="{_fmt(total * PIXELS_PER_UNIT)}" viewBox="0 0 {_fmt(width)} {_fmt(total)}" '
            'role="img">',
            f"<title>{escaped}: start and end positions</title>",
            f'<rect x="0" y="0" width="{_fmt(width)}" height="{_fmt(total)}" fill="#ffffff"/>',
            *body,
            "</svg>",
            "",
        ]
    )


def _pose(spec: dict[str, Any], bases: dict[str, dict[str, Any]], where: str) -> Pose:
    merged = {**bases.get(spec.get("base", ""), {}), **spec}
    if "base" in spec and spec["base"] not in bases:
        raise ContentError(f"poses.toml: {where}: unknown base {spec['base']!r}")
    merged.pop("base", None)
    merged.setdefault("head", merged.get("torso"))
    merged.setdefault("arm_far", merged.get("arm"))
    merged.setdefault("leg_far", merged.get("leg"))
    try:
        props = tuple(Prop(**p) for p in merged.pop("props", []))
        pose = Pose(
            **{k: tuple(v) if isinstance(v, list) else v for k, v in merged.items()}, props=props
        )
    except TypeError as e:
        raise ContentError(f"poses.toml: {where}: {e}") from e
    if len(pose.arm) != 2 or len(pose.arm_far) != 2 or len(pose.leg) != 3 or len(pose.leg_far) != 3:
        raise ContentError(f"poses.toml: {where}: arms take 2 angles, legs 3")
    for prop in props:
        if prop.kind not in PROPS or prop.at not in JOINTS or prop.to not in ("", *JOINTS):
            raise ContentError(f"poses.toml: {where}: unknown prop {prop.kind!r} at {prop.at!r}")
    return pose


@cache
def poses() -> dict[str, tuple[Pose, Pose]]:
    """(start, end) for every drawn exercise, by exercise id."""
    data = load_toml("poses.toml")
    bases = data.get("base", {})
    return {
        exercise_id: (
            _pose(spec.get("start", {}), bases, f"{exercise_id}.start"),
            _pose(spec.get("end", {}), bases, f"{exercise_id}.end"),
        )
        for exercise_id, spec in data.items()
        if exercise_id != "base"
    }


def picture_path(exercise_id: str) -> Path:
    return PICTURE_DIR / f"{exercise_id}.svg"


def draw_all(names: dict[str, str]) -> dict[str, str]:
    """The SVG text of every posed exercise, by id; `names` gives each picture's title."""
    return {i: render(names.get(i, i), start, end) for i, (start, end) in poses().items()}


def main() -> None:
    """Rewrite data/pictures/ from data/poses.toml."""
    from coach.exercises import entries

    PICTURE_DIR.mkdir(exist_ok=True)
    drawn = draw_all({e.id: e.name for e in entries().values()})
    for stale in set(PICTURE_DIR.glob("*.svg")) - {picture_path(i) for i in drawn}:
        stale.unlink()
    for exercise_id, svg in drawn.items():
        picture_path(exercise_id).write_text(svg)
    print(f"{len(drawn)} pictures in {PICTURE_DIR}", file=sys.stderr)


if __name__ == "__main__":
    main()
