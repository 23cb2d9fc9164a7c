"""`content fix --front-matter`: the front matter a page without one should carry, inferred from its
headings (the template they match) and its text, as a change that can be shown before it is written."""

from __future__ import annotations

import difflib
import json
import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from systemcraft.content import frontmatter
from systemcraft.content.lint import MAX_BYTES, _md, headings, infer
from systemcraft.content.templates import SUMMARY_MAX, TITLE_MAX, WORDS_PER_MINUTE
from systemcraft.domain import principles
from systemcraft.errors import InputError

LABELS = {"behavioral": "A behavioral question", "system_design": "A system-design problem",
          "deep_dive": "A technical deep dive", "practice_plan": "A practice plan",
          "problem_set": "A set of coding problems"}


@dataclass(frozen=True)
class Change:
    path: Path
    template: str
    old: bytes
    new: bytes

    def diff(self) -> str:
        """The change as a unified diff (the added front matter and the first line after it)."""
        old = self.old.decode("utf-8-sig", "replace").splitlines(keepends=True)
        new = self.new.decode("utf-8-sig", "replace").splitlines(keepends=True)
        return "".join(difflib.unified_diff(old, new, f"{self.path}", f"{self.path} (with front matter)", n=1))


def _plain(text: str) -> str:
    """Heading text without Markdown emphasis, links, emoji or sentence ends."""
    t = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    t = re.sub(r"[`*_~#]", "", t)
    t = re.sub(r"[^\w\s,:;'’()/&+-]", " ", t)
    return " ".join(t.split()).strip(" :;,-")


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-")


def infer_front_matter(text: str, name: str, today: str) -> tuple[str, str]:
    """(the YAML front matter block, with its --- lines, for a page without one; the template it follows).
    InputError (one line) when the page has front matter already or matches no template."""
    sp = frontmatter.split(text)
    if sp.front is not None:
        raise InputError(f"{name} already starts with front matter; nothing to add")
    tokens = _md().parse(sp.body)
    heads = headings(tokens, sp.body)
    spec, n, total, closest = infer(heads, sp.body)
    if spec is None:
        raise InputError(f"{name}: its headings match no template (closest: {closest}, {n} of {total} "
                         "sections), so the type cannot be inferred; add front matter by hand")
    first = next((h for h in heads if h.level == 1), heads[0] if heads else None)
    title = _cut(_plain(first.title), TITLE_MAX) if first else ""
    if not title:
        title = _cut(" ".join(re.sub(r"[^A-Za-z0-9]+", " ", Path(name).stem).split()).capitalize(), TITLE_MAX) or "Untitled"
    summary = _cut(f"{LABELS[spec.type]}: {title.rstrip('.!?')}", SUMMARY_MAX - 1) + "."
    words = len(re.findall(r"\w+", sp.body))
    minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
    levels = {lv for lv in ("L6", "L7") if re.search(rf"\b{lv}\b", sp.body)}
    audience = levels.pop() if len(levels) == 1 else "both"
    found = []
    for p in principles.PRINCIPLES:
        m = re.search(rf"(?<!\w){re.escape(p.name)}(?!\w)", sp.body)      # the name as written, capitalised
        if m:
            found.append((m.start(), p.id))
    lps = [lp for _, lp in sorted(found)][:3]
    rows = ["---", f"title: {json.dumps(title, ensure_ascii=False)}",
            f"summary: {json.dumps(summary, ensure_ascii=False)}", f"type: {spec.type}",
            f"audience: {audience}", "difficulty: intermediate", f'estimated_time: "{minutes} min"',
            f"tags: [{spec.type.replace('_', '-')}]"]
    if spec.type == "behavioral" and lps:
        rows.append(f"lps: [{', '.join(lps)}]")
    rows += [f"last_updated: {today}", "status: draft", "---"]
    return "\n".join(rows) + "\n\n", spec.type


def plan(path: Path, today: str) -> Change:
    """The change for one page, read and checked; InputError (one line) when it cannot be made: not a
    regular file (a symlink or a folder is never written through), empty, too large, binary, not UTF-8,
    front matter already there (valid or broken), or no template to infer it from."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if stat.S_ISLNK(st.st_mode):
        raise InputError(f"{path} is a symbolic link; give the page itself")
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path} is a folder; give the pages to fix one by one")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path} is not a regular file")
    from systemcraft.exports.files import TextDecodeError, decode_text, read_bytes
    if st.st_size > MAX_BYTES:
        raise InputError(f"{path} is {st.st_size} bytes; content pages stay under {MAX_BYTES // 1024} KiB")
    data = read_bytes(path, "the page", MAX_BYTES)
    if not data.strip():
        raise InputError(f"{path} is empty; there is nothing to infer front matter from")
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data and not utf16:
        raise InputError(f"{path} holds binary data, not a Markdown page")
    try:
        text = decode_text(data, "the page")
    except (TextDecodeError, InputError):
        raise InputError(f"{path} is not UTF-8 text; save it as UTF-8 first") from None
    if utf16:
        raise InputError(f"{path} is UTF-16 text; save it as UTF-8 first")
    sp = frontmatter.split(text)
    if sp.front is not None:
        if not sp.closed:
            raise InputError(f"{path} starts with --- but its front matter never closes; fix it by hand")
        _, problems = frontmatter.parse(sp.front)
        broken = next((p for p in problems if p.rule == "FM001"), None)
        if broken:
            raise InputError(f"{path}: line {broken.line}: the front matter is not valid YAML; fix it by hand")
        raise InputError(f"{path} already starts with front matter; nothing to add")
    block, template = infer_front_matter(text, str(path), today)
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    rest = data[len(bom):]
    newline = b"\r\n" if b"\r\n" in rest[:4096] else b"\n"
    return Change(path, template, data, bom + block.replace("\n", newline.decode()).encode() + rest)


def write(change: Change) -> None:
    """Replace the page atomically, only if it is still the regular file that was read."""
    from systemcraft.exports.files import write_atomic
    try:
        now = Path(change.path).read_bytes() if not os.path.islink(change.path) else None
    except OSError:
        now = None
    if now != change.old:
        raise InputError(f"{change.path} changed while it was being fixed; nothing was written, run it again")
    write_atomic(change.path, change.new)
