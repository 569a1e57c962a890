"""Avatar images: decoded with Pillow only when they are real raster images of a sane size,
cut square, resized to fixed sizes and re-encoded, so that no metadata (EXIF, GPS, comments)
and nothing but pixels survives. Stored under the instance folder.

Pillow is imported at the first upload, not with the module: the avatars themselves are served
as files, and a worker that never sees an upload does not hold Pillow's 2 MB."""

from __future__ import annotations

import io
import secrets
import shutil
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import gettext as _

from forum.actions.errors import ValidationError

if TYPE_CHECKING:
    from PIL import Image

SIZES = (48, 96, 256)
# The largest upload accepted; the setting AVATAR_MAX_BYTES can lower or raise it.
MAX_BYTES = 5 * 1024 * 1024
# A decompression bomb is refused before its pixels are decoded.
MAX_PIXELS = 25_000_000
FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def max_bytes() -> int:
    return int(current_app.config.get("AVATAR_MAX_BYTES", MAX_BYTES))


def too_large_message() -> str:
    limit = max_bytes()
    if limit >= 2**20:
        return _("The image is too large: at most %(mb)d MB.", mb=limit // 2**20)
    return _("The image is too large: at most %(kb)d kB.", kb=limit // 2**10)


def folder(user_id: int) -> Path:
    return Path(current_app.instance_path) / "avatars" / str(user_id)


def path(user_id: int, version: str, size: int) -> Path:
    return folder(user_id) / f"{version}-{size}.jpg"


def nearest_size(size: int) -> int:
    return min(SIZES, key=lambda s: (s < size, abs(s - size)))


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, field="avatar", code="bad_image")


def decode(data: bytes) -> Image.Image:
    """The image in ``data`` with its pixels loaded, or a ValidationError that says why not."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > max_bytes():
        raise _refuse(too_large_message())
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=sorted(FORMATS)) as probe:
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=sorted(FORMATS))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _refuse(_("The image has too many pixels; use a smaller picture."))
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _refuse(_("The image has too many pixels; use a smaller picture.")) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise _refuse(
                _("This is not an image we can use. Upload a JPEG, PNG, GIF or WebP picture.")
            ) from error
    return image


def _square(image: Image.Image) -> Image.Image:
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    return ImageOps.fit(image.convert("RGB"), (max(SIZES), max(SIZES)), Image.Resampling.LANCZOS)


def store(user_id: int, data: bytes) -> str:
    """Write every size of the avatar in ``data``; returns the new version name."""
    from PIL import Image

    square = _square(decode(data))
    version = secrets.token_hex(6)
    target = folder(user_id)
    target.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        resized = square.resize((size, size), Image.Resampling.LANCZOS)
        temporary = target / f".{version}-{size}.tmp"
        # A fresh image carries no EXIF, ICC profile or comment: only what is saved here.
        resized.save(temporary, "JPEG", quality=88, optimize=True)
        temporary.replace(path(user_id, version, size))
    return version


def discard(user_id: int, keep: str | None = None) -> None:
    """Remove the files of every version but ``keep`` (all of them when None)."""
    target = folder(user_id)
    if not target.exists():
        return
    if keep is None:
        shutil.rmtree(target, ignore_errors=True)
        return
    for item in target.iterdir():
        if not item.name.startswith(f"{keep}-"):
            item.unlink(missing_ok=True)
