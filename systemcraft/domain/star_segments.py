"""Where the Situation, Task, Action and Result fell in a spoken answer, and how long each took.

Explicit markers win (the mock runner's STAR marks, or `[S] [T] [A] [R]` typed in a transcript).
Without them a transparent heuristic labels each sentence: cue phrases per part plus a gentle
position prior, then the best labelling that keeps S → T → A → R in order (dynamic programming).
It reports its confidence and the phrases it relied on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from systemcraft.domain.stories import TIMING, VERSIONS, Story
from systemcraft.domain.quantities import quantities, quantities_in
from systemcraft.domain.transcript import PARTS, Marker, Speech, Turn, Word, fmt_time

CUES: dict[str, re.Pattern] = {
    "situation": re.compile(
        r"\b(at the time|back in|back then|when i joined|i joined|i was (?:leading|managing|running|working|an?|the)|"
        r"we were|we had|our (?:team|company|org|organi[sz]ation|system|product|platform|service)|there was|"
        r"there were|the situation|context|years ago|in (?:19|20)\d\d|a few years|previously|used to|"
        r"was (?:\w+ing)|were (?:\w+ing)|had been|at (?:my|a|the) (?:previous|last|former))\b"),
    "task": re.compile(
        r"\b(my (?:goal|task|job|role|responsibility|mandate|objective|challenge|brief)|"
        r"i (?:needed|had|was asked|was tasked|was responsible|was expected|wanted|was supposed) to|"
        r"the (?:goal|task|ask|objective|mandate|challenge) (?:was|became)|we needed to|needed to|"
        r"i owned|it was on me|asked me to|my manager asked|it fell to me|i had to figure|i was accountable)\b"),
    "action": re.compile(
        r"\b(i (?:decided|started|built|created|designed|proposed|met|set up|wrote|ran|organi[sz]ed|reached out|"
        r"talked|spoke|pushed|negotiated|hired|introduced|worked|led|drove|changed|moved|split|rolled|escalated|"
        r"convinced|asked|made|put|took|brought|gathered|analy[sz]ed|dug|sat down|paired|called|set|created|"
        r"prototyped|mapped|laid out|replaced|automated|coached|scheduled|went)|first,|first i|then i|next,|"
        r"after that|so i|i also|to do that|the first thing|second,|third,|finally i|in parallel)\b"),
    "result": re.compile(
        r"\b(as a result|in the end|the result|results?|ended up|outcome|"
        r"we (?:reduced|cut|increased|improved|saved|shipped|delivered|launched|grew|hit|met|achieved|got)|"
        r"reduced|increased|improved|saved|since then|went from|down from|up from|dropped|grew|"
        r"learned|lesson|looking back|next time|to this day|still (?:use|running|in place)|"
        r"percent|promoted|adopted)\b"),
}
PRIOR = {"situation": (0.0, 0.25), "task": (0.1, 0.4), "action": (0.3, 0.85), "result": (0.7, 1.0)}
PRIOR_WEIGHT = 0.6
_END = re.compile(r"[.!?…][\"'”’)]*$")
CHUNK_WORDS = 14        # unpunctuated speech (raw speech-to-text): sentences of at most this many words
CHUNK_PAUSE = 0.7
# unpunctuated speech: a new sentence also starts where one of these openings does
OPENINGS = tuple(tuple(p.split()) for p in """at the time|back in|back then|when i joined|the situation was
my goal|my task|my job|my role|the goal was|the ask was|i was asked|i was tasked|i needed to|we needed to
i decided|so i|then i|first i|next i|after that|i started|what i did|the first thing|finally i
as a result|in the end|the result|the outcome|since then|looking back|by the end|within""".replace("\n", "|").split("|"))
OPENING_MIN_WORDS = 5   # …but only after this many words, so a cue inside a short clause does not split it
# The heuristic reads one answer told by one person. Its confidence is capped where that is not what it read:
MULTI_SPEAKER_CAP = 0.6   # the answer is broken by someone else's turns (questions, interruptions): at most medium
LONG_ANSWER = 600.0       # seconds of talk: the full version of a story is 4–6 min, so 10 min is several answers…
LONG_CAP = 0.3            # …and four parts spread over a meeting are a guess: low
FEW_SENTENCES = 4         # fewer sentences than parts cannot show four parts in order: low


@dataclass(frozen=True)
class Sentence:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def start(self) -> float:
        return self.words[0].start

    @property
    def end(self) -> float:
        return self.words[-1].end


@dataclass(frozen=True)
class PartSpan:
    part: str
    start: float | None
    end: float | None
    words: int
    seconds: float
    target: tuple[int, int]
    opening: str             # the first words of the part, as evidence

    @property
    def status(self) -> str:
        if not self.words:
            return "missing"
        lo, hi = self.target
        return "short" if self.seconds < lo else "long" if self.seconds > hi else "within"


@dataclass(frozen=True)
class Segmentation:
    method: str                          # markers | heuristic
    confidence: float                    # 0–1
    parts: tuple[PartSpan, ...]
    labels: tuple[tuple[str, str], ...]  # (sentence, part) in order — what the evaluation compares
    cues: dict[str, tuple[str, ...]]     # part → phrases it relied on
    level: str

    @property
    def confidence_label(self) -> str:
        return "high" if self.confidence >= 0.7 else "medium" if self.confidence >= 0.4 else "low"

    why_low: tuple[str, ...] = ()          # what capped the confidence, in plain words


def sentences(words: list[Word]) -> list[Sentence]:
    punctuated = any(_END.search(w.text) for w in words)
    out, cur = [], []
    for i, w in enumerate(words):
        cur.append(w)
        nxt = words[i + 1] if i + 1 < len(words) else None
        if punctuated:
            done = bool(_END.search(w.text))
        else:
            done = len(cur) >= CHUNK_WORDS or (nxt is not None and len(cur) >= 4 and nxt.start - w.end >= CHUNK_PAUSE) \
                or (len(cur) >= OPENING_MIN_WORDS and _opens(words, i + 1))
        if done:
            out.append(Sentence(tuple(cur)))
            cur = []
    if cur:
        out.append(Sentence(tuple(cur)))
    return out


def _opens(words: list[Word], i: int) -> bool:
    """Does a sentence-opening phrase start at words[i]?"""
    ahead = tuple(w.text.lower().strip(",;:") for w in words[i:i + 4])
    return any(ahead[:len(p)] == p for p in OPENINGS)


def _prior(position: float, part: str) -> float:
    lo, hi = PRIOR[part]
    if lo <= position <= hi:
        return PRIOR_WEIGHT
    gap = lo - position if position < lo else position - hi
    return PRIOR_WEIGHT * max(-1.0, -gap * 3)


def label(sents: list[Sentence]) -> tuple[list[str], dict[str, list[str]], list[bool]]:
    """The best in-order labelling; also the cue phrases used and whether each sentence had a cue."""
    n = len(sents)
    hits = [{p: CUES[p].findall(s.text.lower()) for p in PARTS} for s in sents]
    numbers = [bool(quantities([w.text for w in s.words])) for s in sents]
    score = []
    for i in range(n):
        pos = (i + 0.5) / n
        row = []
        for p in PARTS:
            cue = min(len(hits[i][p]), 3)
            if p == "result" and numbers[i]:
                cue += 1
            row.append(cue + _prior(pos, p))
        score.append(row)
    # best[i][k]: best total for sentences ..i with sentence i labelled k (labels never go back)
    best = [[0.0] * 4 for _ in range(n)]
    back = [[0] * 4 for _ in range(n)]
    for k in range(4):
        best[0][k] = score[0][k] - (0.5 * k)          # skipping an opening part costs a little
    for i in range(1, n):
        for k in range(4):
            j = max(range(k + 1), key=lambda j: best[i - 1][j])
            best[i][k] = best[i - 1][j] + score[i][k]
            back[i][k] = j
    k = max(range(4), key=lambda k: best[n - 1][k])
    out = [0] * n
    for i in range(n - 1, -1, -1):
        out[i] = k
        k = back[i][k]
    labels = [PARTS[k] for k in out]
    used: dict[str, list[str]] = {p: [] for p in PARTS}
    supported = []
    for i, p in enumerate(labels):
        phrases = [h if isinstance(h, str) else h[0] for h in hits[i][p]]
        used[p] += [ph for ph in phrases if ph not in used[p]]
        supported.append(bool(phrases) or (p == "result" and numbers[i]))
    return labels, used, supported


def _span(part: str, sents: list[Sentence], target: tuple[int, int], turns: tuple[Turn, ...] = ()) -> PartSpan:
    """The part from its first sentence to its last; its seconds are the speaker's own talking time in that
    stretch (other people's turns between the speaker's sentences are not part of the answer)."""
    if not sents:
        return PartSpan(part, None, None, 0, 0.0, target, "")
    words = sum(len(s.words) for s in sents)
    start, end = sents[0].start, sents[-1].end
    own = sum(max(0.0, min(end, t.end) - max(start, t.start)) for t in turns) if turns else end - start
    return PartSpan(part, round(start, 2), round(end, 2), words, round(own, 1), target,
                    " ".join(w.text for w in sents[0].words[:8]))


def _sentences_of(speech: Speech) -> list[Sentence]:
    """Sentences within each turn: a sentence never runs across someone else's turn."""
    return [s for t in speech.turns for s in sentences(list(t.words))]


def _caps(speech: Speech, n_sentences: int) -> list[tuple[float, str]]:
    """(cap, reason) for every way the input is not one answer by one person."""
    caps = []
    others = [s for s in speech.shares if s.speaker != speech.speaker and s.seconds > 0]
    if others and len(speech.turns) > 1:
        caps.append((MULTI_SPEAKER_CAP, f"the answer is split into {len(speech.turns)} turns by other speakers"))
    if speech.seconds > LONG_ANSWER:
        caps.append((LONG_CAP, f"{speech.seconds / 60:.0f} minutes of talk is more than one answer "
                               f"(a full answer is at most {max(VERSIONS['full']) // 60} minutes)"))
    if n_sentences < FEW_SENTENCES:
        caps.append((LONG_CAP, f"{n_sentences} sentence{'s' if n_sentences != 1 else ''} cannot show four parts"))
    return caps


def segment(speech: Speech, level: str, extra_markers: tuple[Marker, ...] = ()) -> Segmentation:
    sents = _sentences_of(speech)
    scheme = TIMING[level]
    markers = sorted(extra_markers + speech.markers, key=lambda m: m.at)
    if markers:
        return _from_markers(sents, markers, scheme, level, speech.turns)
    labels, used, supported = label(sents)
    groups = {p: [s for s, lab in zip(sents, labels) if lab == p] for p in PARTS}
    parts = tuple(_span(p, groups[p], scheme[p], speech.turns) for p in PARTS)
    share_supported = sum(supported) / len(supported) if supported else 0.0
    share_parts = sum(1 for p in PARTS if used[p]) / 4
    confidence = round(0.5 * share_supported + 0.5 * share_parts, 2)
    caps = _caps(speech, len(sents))
    if caps:
        confidence = min(confidence, *(cap for cap, _ in caps))
    return Segmentation("heuristic", confidence, parts, tuple(zip((s.text for s in sents), labels)),
                        {p: tuple(v[:5]) for p, v in used.items()}, level, tuple(why for _, why in caps))


def _from_markers(sents: list[Sentence], markers: list[Marker], scheme: dict, level: str,
                  turns: tuple[Turn, ...] = ()) -> Segmentation:
    labels = []
    for s in sents:
        mid = (s.start + s.end) / 2
        current = [m.part for m in markers if m.at <= mid + 0.01]
        labels.append(current[-1] if current else "situation")
    groups = {p: [s for s, lab in zip(sents, labels) if lab == p] for p in PARTS}
    parts = tuple(_span(p, groups[p], scheme[p], turns) for p in PARTS)
    source = markers[0].source
    return Segmentation("markers", 1.0, parts, tuple(zip((s.text for s in sents), labels)),
                        {p: (f"{source} marker at {fmt_time(m.at)}",) for m in markers for p in [m.part]}, level)


def not_read(level: str, language_name: str) -> Segmentation:
    """STAR is read from English cue phrases; in another language there is nothing to estimate from."""
    scheme = TIMING[level]
    return Segmentation("skipped", 0.0, tuple(PartSpan(p, None, None, 0, 0.0, scheme[p], "") for p in PARTS), (),
                        {p: () for p in PARTS}, level, (f"the answer is in {language_name}; STAR parts are read "
                                                        "from English phrases only",))


def version_fit(seconds: float, version: str | None) -> dict:
    """The answer's length against a story version (30s / 2min / full); without one, the nearest."""
    def dist(v: str) -> float:
        lo, hi = VERSIONS[v]
        return 0 if lo <= seconds <= hi else min(abs(seconds - lo), abs(seconds - hi))
    chosen = version or min(VERSIONS, key=dist)
    lo, hi = VERSIONS[chosen]
    status = "within" if lo <= seconds <= hi else "short" if seconds < lo else "long"
    return {"version": chosen, "given": version is not None, "seconds": round(seconds, 1), "range": [lo, hi],
            "status": status}


_STOP = frozenset("""about after again also because been before being between both could didn't doing
during each from have having here into just more most other over same some such than that their them
then there these they this those through under until very were what when where which while will with
would your team teams made make work worked working""".split())


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'-]{3,}", text.lower()) if w not in _STOP}


def compare_story(story: Story, seg: Segmentation, spoken_text: str) -> dict:
    """Against the story it was meant to tell: parts skipped, the result dropped, numbers not said."""
    spoken = _content(spoken_text)
    by_part = {p.part: p for p in seg.parts}
    part_text = {lab: " ".join(t for t, p in seg.labels if p == lab) for lab in PARTS}
    out = {"story_id": story.id, "title": story.title, "parts": [], "skipped": [], "numbers_missing": [],
           "result_dropped": False}
    words = {part: _content(getattr(story, part)) for part in PARTS}
    for part in PARTS:
        # a part's key words are the ones the other parts do not share: telling the situation must
        # not count as telling the result because both mention "payments"
        others = set().union(*(words[p] for p in PARTS if p != part))
        written = (words[part] - others) or words[part]
        if not written:
            continue
        said = written & spoken
        coverage = round(len(said) / len(written), 2)
        out["parts"].append({"part": part, "coverage": coverage, "key_words": len(written),
                             "missed": sorted(written - spoken)[:8]})
        if by_part[part].status == "missing" or coverage < 0.2:
            out["skipped"].append(part)
    # numbers compared by value and unit: the story's "$11M" is said as "11 million dollars"
    story_quantities = quantities_in(f"{story.result} {story.metrics}")
    heard = quantities_in(spoken_text)
    story_numbers = list(dict.fromkeys(q.text for q in story_quantities))
    missing = {q.text for q in story_quantities if not any(q.same(h) for h in heard)}
    out["numbers_missing"] = [n for n in story_numbers if n in missing]
    result_numbers = bool(quantities_in(part_text["result"]))
    out["result_dropped"] = "result" in out["skipped"] or (bool(story_numbers) and not result_numbers
                                                            and len(out["numbers_missing"]) == len(set(story_numbers)))
    return out
