"""Unit files (front matter + Markdown body), their images and videos, and the take-away."""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from lms.learning import sources
from lms.learning.yamlines import line_of

if TYPE_CHECKING:
    from lms.learning.sources import ModuleSource, Reader

FRONT_MATTER_KEYS = {"id", "title", "minutes", "video"}
VIDEO_KEYS = {"file", "captions", "title"}
IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING_1_RE = re.compile(r"^# \S")
VIDEO_SUFFIXES = (".mp4", ".webm")


def read_units(reader: Reader, module: ModuleSource) -> list[str]:
    """Read every unit listed in the manifest; returns the listed unit ids."""
    listed = module.manifest.get("units")
    if not isinstance(listed, list) or not listed:
        reader.report("module.yaml", line_of(module.manifest, "units"), "units must list at least one unit id")
        return []
    keys: list[str] = []
    for index, key in enumerate(listed):
        line = line_of(listed, index)
        if not isinstance(key, str):
            reader.report("module.yaml", line, "unit ids must be texts")
            continue
        if key in keys:
            reader.report("module.yaml", line, f"duplicate unit id '{key}'")
            continue
        keys.append(key)
        text = reader.text(f"units/{key}.md", required=False)
        if text is None:
            reader.report("module.yaml", line, f"unit '{key}' has no file units/{key}.md")
            continue
        _read_unit(reader, module, key, text)
    units_dir = reader.folder / "units"
    for path in sorted(units_dir.glob("*.md")) if units_dir.is_dir() else []:
        if path.stem not in keys:
            reader.report(f"units/{path.name}", 1, f"unit file is not listed in module.yaml units ('{path.stem}')")
    return keys


def _read_unit(reader: Reader, module: ModuleSource, key: str, text: str) -> None:
    relative = f"units/{key}.md"
    match = re.match(r"---\n(.*?)\n---\n?", text, re.S)
    if not match:
        reader.report(relative, 1, "unit file must start with YAML front matter between '---' lines")
        return
    front = reader.yaml(relative, match.group(1), first_line=2)
    if front is None or not reader.keys(relative, front, FRONT_MATTER_KEYS, {"id", "title"}, "front matter"):
        return
    if front.get("id") != key:
        reader.report(relative, line_of(front, "id"), f"front matter id '{front.get('id')}' must equal '{key}'")
    minutes = front.get("minutes", 0)
    if not isinstance(minutes, int) or minutes < 0:
        reader.report(relative, line_of(front, "minutes"), "minutes must be a whole number")
        minutes = 0
    body_line = match.group(0).count("\n") + 1
    body = text[match.end() :]
    _check_body(reader, relative, body, body_line)
    video = _read_video(reader, relative, front)
    digest = hashlib.sha256(text.encode()).hexdigest()
    module.units.append(sources.UnitSource(key, str(front.get("title", key)), minutes, body, video, digest))


def _check_body(reader: Reader, relative: str, body: str, first_line: int) -> None:
    in_code = False
    for offset, line in enumerate(body.splitlines()):
        number = first_line + offset
        if line.lstrip().startswith("```"):
            in_code = not in_code
        if in_code:
            continue
        if HEADING_1_RE.match(line):
            reader.report(relative, number, "headings in units start at level 2 ('## ')")
        for alt, src in IMAGE_RE.findall(line):
            if not alt.strip():
                reader.report(relative, number, f"image '{src}' has no alt text")
            check_local_file(reader, relative, number, src, "image", ("images/",))


def check_local_file(reader: Reader, relative: str, line: int, src: str, what: str, folders: tuple[str, ...]) -> bool:
    """A referenced file must lie inside the module's ``images/``/``media/`` folder and exist."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) or src.startswith("//"):
        reader.report(relative, line, f"{what} '{src}' must be a file of the module, not a remote address")
        return False
    path = PurePosixPath(src)
    if ".." in path.parts or path.is_absolute() or not src.startswith(folders):
        reader.report(relative, line, f"{what} '{src}' must lie in {' or '.join(folders)}")
        return False
    if not (reader.folder / src).is_file():
        reader.report(relative, line, f"broken {what} link '{src}': file not found")
        return False
    return True


def _read_video(reader: Reader, relative: str, front: dict[str, Any]) -> dict[str, str] | None:
    video = front.get("video")
    if video is None:
        return None
    if not reader.keys(relative, video, VIDEO_KEYS, VIDEO_KEYS, "video"):
        return None
    line = line_of(front, "video")
    ok = True
    if not str(video.get("file", "")).endswith(VIDEO_SUFFIXES):
        reader.report(relative, line_of(video, "file"), "video file must be .mp4 or .webm")
        ok = False
    if not str(video.get("captions", "")).endswith(".vtt"):
        reader.report(relative, line_of(video, "captions"), "video captions must be a WebVTT (.vtt) file")
        ok = False
    for key in ("file", "captions"):
        ok = (
            check_local_file(reader, relative, line_of(video, key, line), str(video.get(key, "")), "video", ("media/",))
            and ok
        )
    return {k: str(video[k]) for k in VIDEO_KEYS} if ok else None


def read_takeaway(reader: Reader) -> str:
    """The printable take-away; must start with a level-1 heading."""
    text = reader.text("takeaway.md")
    if text is None:
        return ""
    if not text.startswith("# "):
        reader.report("takeaway.md", 1, "takeaway.md must start with a level-1 heading ('# ')")
    return text
