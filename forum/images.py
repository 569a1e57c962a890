"""Uploaded raster images: decoded by Pillow, bounded, resized and re-encoded.

Re-encoding keeps only the pixels, so EXIF (location, camera) and anything else hidden in the
file is dropped. SVG and other non-raster files are refused: Pillow cannot decode them.
Pillow is imported at the first upload: serving the stored files does not need it.
"""

from __future__ import annotations

import secrets
import warnings
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import gettext as _

from forum.actions.errors import ValidationError

if TYPE_CHECKING:
    from PIL import Image

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 1600
FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def images_folder(kind: str) -> Path:
    folder = Path(current_app.instance_path) / "uploads" / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _decode(data: bytes, field: str) -> Image.Image:
    from PIL import Image, UnidentifiedImageError

    not_an_image = ValidationError(
        _("The file is not an image. Upload a JPEG, PNG, GIF or WebP picture."), field=field
    )
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The image is too large: at most %(mb)d MB.", mb=MAX_BYTES // (1024 * 1024)),
            field=field,
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(BytesIO(data))
            if probe.format not in FORMATS:
                raise not_an_image
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The image has too many pixels."), field=field)
            probe.verify()
            image = Image.open(BytesIO(data))
            image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise not_an_image from None
    return image


def store_image(data: bytes, kind: str, *, field: str = "image") -> str:
    """Check, shrink and re-encode ``data``; returns the stored file's name."""
    from PIL import ImageOps

    image = ImageOps.exif_transpose(_decode(data, field))
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    has_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
    if has_alpha:
        image, extension, options = image.convert("RGBA"), "png", {"optimize": True}
    else:
        image, extension, options = image.convert("RGB"), "jpg", {"quality": 85}
    name = f"{secrets.token_hex(16)}.{extension}"
    out = BytesIO()
    image.save(out, format="PNG" if has_alpha else "JPEG", **options)
    (images_folder(kind) / name).write_bytes(out.getvalue())
    return name
