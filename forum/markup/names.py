"""What a username looks like when it is written in a post (any letter case)."""

from __future__ import annotations

import re

from forum.models.user import USERNAME_MAX

_NAME = rf"[a-z0-9](?:[a-z0-9_.-]{{0,{USERNAME_MAX - 2}}}[a-z0-9])?"

USERNAME_RE = re.compile(_NAME, re.IGNORECASE)

# "@name" not preceded by a word character or address punctuation (so "aino@example.org" is
# not a mention) and taken whole: the name may not go on with letters, or with "." or "-"
# followed by letters ("@aino." at the end of a sentence mentions aino).
MENTION_RE = re.compile(rf"(?<![\w@.+/-])@({_NAME})(?![\w@]|[.-]\w)", re.IGNORECASE)
