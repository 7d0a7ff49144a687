"""Uploaded pictures and clips: the type is read from the bytes, the size is capped, in words."""

import io

import pytest
from PIL import Image

from coach import uploads
from coach.errors import InvalidInput

MP4 = b"\x00\x00\x00\x18ftypisom" + bytes(64)
MOV = b"\x00\x00\x00\x14ftypqt  " + bytes(64)
WEBM = b"\x1a\x45\xdf\xa3" + bytes(64)


def picture(kind: str, size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, kind)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("kind", "mime"), [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")]
)
def test_a_real_picture_is_known_by_its_bytes(kind, mime):
    assert uploads.picture_type(picture(kind)) == mime


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>x</script></svg>", "only PNG"),
        (b"GIF89a" + bytes(20), "only PNG"),
        (b"\x89PNG\r\n\x1a\n" + bytes(30), "damaged or not really a picture"),
        (bytes(uploads.MAX_PICTURE_BYTES + 1), "over the 2 MB limit"),
    ],
)
def test_anything_else_is_refused_saying_why(data, message):
    with pytest.raises(InvalidInput, match=message):
        uploads.picture_type(data)


def test_a_huge_picture_is_refused_before_it_is_decoded():
    with pytest.raises(InvalidInput, match="larger than 4000 pixels"):
        uploads.picture_type(picture("PNG", (4001, 10)))


@pytest.mark.parametrize(
    ("data", "mime"), [(MP4, "video/mp4"), (MOV, "video/quicktime"), (WEBM, "video/webm")]
)
def test_clips_are_known_by_their_bytes(data, mime):
    assert uploads.clip_type(data) == mime


def test_a_clip_over_50_mb_is_refused_with_its_size():
    too_big = MP4 + bytes(uploads.MAX_CLIP_BYTES)
    with pytest.raises(InvalidInput, match=r"this clip is 50\.0 MB; the limit is 50 MB"):
        uploads.clip_type(too_big)
    assert uploads.clip_type(MP4 + bytes(uploads.MAX_CLIP_BYTES - len(MP4))) == "video/mp4"


def test_a_file_that_is_not_a_video_is_refused():
    with pytest.raises(InvalidInput, match="only MP4, MOV or WebM"):
        uploads.clip_type(b"MZ\x90\x00" + bytes(64))
