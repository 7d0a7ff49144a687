"""What an uploaded file really is, read from its first bytes: a name or a browser's word for
its type is not trusted. Pictures of custom exercises and clips of a lift come through here."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from coach.errors import InvalidInput

MIB = 1024 * 1024
MAX_PICTURE_BYTES = 2 * MIB
MAX_PICTURE_SIDE = 4000  # pixels; bigger pictures are refused before they are decoded
MAX_CLIP_BYTES = 50 * MIB
PICTURE_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WebP"}
CLIP_TYPES = {"video/mp4": "MP4", "video/quicktime": "MOV", "video/webm": "WebM"}


def _megabytes(size: int) -> str:
    return f"{size / MIB:.1f} MB"


def picture_type(data: bytes) -> str:
    """The MIME type of a PNG, JPEG or WebP picture that decodes, within the size limits;
    raises InvalidInput saying what is wrong."""
    if len(data) > MAX_PICTURE_BYTES:
        raise InvalidInput(
            f"picture: {_megabytes(len(data))} is over the {MAX_PICTURE_BYTES // MIB} MB limit"
        )
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        mime = "image/png"
    elif data.startswith(b"\xff\xd8\xff"):
        mime = "image/jpeg"
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        mime = "image/webp"
    else:
        raise InvalidInput("picture: only PNG, JPEG or WebP pictures can be used")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if max(image.size) > MAX_PICTURE_SIDE:
                raise InvalidInput(
                    f"picture: {image.width} x {image.height} pixels is larger than "
                    f"{MAX_PICTURE_SIDE} pixels a side"
                )
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise InvalidInput("picture: the file is damaged or not really a picture") from None
    return mime


def clip_type(data: bytes) -> str:
    """The MIME type of an MP4, MOV or WebM clip of at most 50 MB; raises InvalidInput with a
    refusal that says the size when it is too large."""
    if len(data) > MAX_CLIP_BYTES:
        raise InvalidInput(
            f"clip: this clip is {_megabytes(len(data))}; the limit is "
            f"{MAX_CLIP_BYTES // MIB} MB. Trim it or film a shorter set."
        )
    if data[4:8] == b"ftyp":
        return "video/quicktime" if data[8:12] == b"qt  " else "video/mp4"
    if data.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    raise InvalidInput("clip: only MP4, MOV or WebM video clips can be attached")
