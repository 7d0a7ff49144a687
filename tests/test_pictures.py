"""The stick-figure renderer: one body, one scale, start and end poses standing on one floor."""

import math
import re
import xml.etree.ElementTree as ET

import pytest

from coach import pictures
from coach.errors import ContentError
from coach.pictures import Pose, Prop, joints, render

STAND = Pose(torso=90, head=90, arm=(-90, -90), arm_far=(-90, -90), leg=(-90, -90, 0),
             leg_far=(-90, -90, 0))  # fmt: skip
SQUAT = Pose(torso=50, head=70, arm=(0, 0), arm_far=(0, 0), leg=(-10, -110, 0),
             leg_far=(-10, -110, 0))  # fmt: skip
SVG = "{http://www.w3.org/2000/svg}"


def distance(a, b) -> float:
    return math.dist(a, b)


@pytest.mark.parametrize("pose", [STAND, SQUAT], ids=["stand", "squat"])
def test_body_parts_keep_their_length_in_every_pose(pose):
    p = joints(pose)
    assert distance(p["hip"], p["shoulder"]) == pytest.approx(pictures.TORSO)
    assert distance(p["shoulder"], p["elbow"]) == pytest.approx(pictures.UPPER_ARM)
    assert distance(p["elbow"], p["wrist"]) == pytest.approx(pictures.FOREARM)
    assert distance(p["hip"], p["knee"]) == pytest.approx(pictures.THIGH)
    assert distance(p["knee"], p["ankle"]) == pytest.approx(pictures.SHIN)


def test_angles_point_the_way_the_file_header_says():
    p = joints(STAND)
    assert p["shoulder"] == pytest.approx((0, pictures.TORSO))  # 90 is up
    assert p["toe"][0] > p["ankle"][0]  # 0 is forward, to the right


def points_of(svg: str) -> list[tuple[float, float]]:
    root = ET.fromstring(svg)
    found = []
    for line in root.iter(f"{SVG}polyline"):
        found += [tuple(map(float, p.split(","))) for p in line.get("points").split()]
    return found


def test_render_puts_both_poses_on_one_floor_with_a_title():
    svg = render("Squat", STAND, SQUAT)
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "Squat: start and end positions"
    floor_y = float(re.search(r'points="4,([\d.]+) ', svg).group(1))
    lowest = max(y for _, y in points_of(svg))  # SVG y grows downwards
    assert lowest == pytest.approx(floor_y, abs=pictures.LIMB)
    width = float(root.get("viewBox").split()[2])
    start_xs = [x for x, _ in points_of(svg) if x < pictures.PANEL_WIDTH]
    end_xs = [x for x, _ in points_of(svg) if x > pictures.PANEL_WIDTH + pictures.GAP]
    assert start_xs and end_xs and max(end_xs) <= width


def test_title_text_is_escaped():
    svg = render("Push & <pull>", STAND, STAND)
    assert ET.fromstring(svg).find(f"{SVG}title").text.startswith("Push & <pull>")


def test_a_lift_raises_the_figure_off_the_floor():
    hop = Pose(**{**STAND.__dict__, "lift": 6})
    assert pictures._draw(hop)[1] == pytest.approx(pictures._draw(STAND)[1] - 6)


def test_held_equipment_counts_when_standing_the_figure_on_the_floor():
    bar = Pose(**{**SQUAT.__dict__, "props": (Prop("barbell", "wrist", size=60),)})
    plain = pictures._draw(SQUAT)[1]
    loaded = pictures._draw(bar)[1]
    assert loaded < plain  # a plate bigger than the legs are long sets the floor lower


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"base": "nowhere"}, "unknown base"),
        ({"torso": 90, "arm": [0], "leg": [0, 0, 0]}, "arms take 2 angles"),
        ({"torso": 90, "arm": [0, 0], "leg": [0, 0, 0], "props": [{"kind": "rope", "at": "hip"}]},
         "unknown prop"),
        ({"torso": 90, "arm": [0, 0], "leg": [0, 0, 0], "wings": 2}, "unexpected keyword"),
    ],
)  # fmt: skip
def test_a_malformed_pose_is_refused_naming_where(spec, message):
    with pytest.raises(ContentError, match=message):
        pictures._pose(spec, {}, "lift.start")


def test_every_shipped_pose_loads():
    assert len(pictures.poses()) >= 50
