"""The built-in pack, parsed once and cached on disk; the cache is rebuilt when any page changes."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

PACK = Path(__file__).parent / "pack"
CACHE_VERSION = 2          # 2: sections read by markdown-it (fences, setext headings)


@dataclass(frozen=True)
class Page:
    path: str
    type: str
    id: str
    title: str
    audience: str
    level: str | None
    lps: tuple[str, ...]
    sections: dict[str, str]


def _fingerprint(files: list[Path]) -> str:
    h = hashlib.sha256(str(CACHE_VERSION).encode())
    for f in files:
        st = f.stat()
        h.update(f"{f.relative_to(PACK)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def _parse(path: Path) -> Page:
    """One page through the same readers as the linter and stories: the strict YAML loader for the
    front matter, markdown-it for the `##` sections (fences and setext headings as CommonMark has them)."""
    from systemcraft import yamlsafe
    from systemcraft.content import frontmatter
    sp = frontmatter.split(path.read_text(encoding="utf-8"))
    meta = yamlsafe.load_mapping(sp.front or "", first_line=2, what=f"the front matter of {path.name}")
    sections: dict[str, str] = {}
    for sec in frontmatter.sections(sp.body, sp.body_line):
        sections.setdefault(sec.title, sec.text.strip())
    return Page(str(path.relative_to(PACK)), meta["type"], str(meta.get("id") or path.stem), meta["title"],
                meta["audience"], meta.get("level"), tuple(meta.get("lps") or ()), sections)


def load(cache_dir: Path | None) -> list[Page]:
    files = sorted(PACK.rglob("*.md"))
    key = _fingerprint(files)
    cache = cache_dir / f"pack-{key}.json" if cache_dir else None
    if cache is not None and cache.exists():
        try:
            return [Page(**{**p, "lps": tuple(p["lps"])}) for p in json.loads(cache.read_text())]
        except (ValueError, KeyError, TypeError):
            pass   # a damaged cache is rebuilt below
    pages = [_parse(f) for f in files]
    if cache is not None:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            for old in cache_dir.glob("pack-*.json"):
                old.unlink()
            tmp = cache.with_suffix(".tmp")
            tmp.write_text(json.dumps([{**p.__dict__, "lps": list(p.lps)} for p in pages]))
            os.replace(tmp, cache)
        except OSError:
            pass   # a read-only home still works, just without the cache
    return pages


def coding_problems(pages: list[Page]) -> list[dict]:
    page = next(p for p in pages if p.type == "problem_set")
    rows = []
    for line in page.sections.get("Problems", "").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("Title", "---") and not set(cells[0]) <= {"-"}:
            rows.append({"title": cells[0], "pattern": cells[1], "difficulty": cells[2], "prompt": cells[3]})
    return rows
