"""The STAR story as an input document: the web editor, the API, Markdown front matter, CSV rows and the JSON
import all go through StoryDocument and then the domain's `validate`, both built from the constants in
domain/stories.py — so a story one door accepts, every other door accepts too.

StoryDocument checks the shape (types, lengths, enums, ranges); `validate_story` adds the domain's rules
(non-empty parts, known principles, primary not repeated) and is what every save calls.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Annotated, Any, Literal, Mapping

from pydantic import AfterValidator, BeforeValidator, Field, ValidationError

from systemcraft.domain import stories as S
from systemcraft.domain.stories import FollowUp, Story, StoryError
from systemcraft.schemas.base import DayIn, Document, Int, Text, first_error, refuse


def _cleaned(v: Any) -> Any:
    return S.clean(v) if isinstance(v, str) else v


def StoryText(limit: int):
    """Story text: line ends normalised and ends trimmed first (as the domain stores it), then at most `limit`."""
    return Annotated[Text(limit), BeforeValidator(_cleaned)]


LpId = Annotated[Text(S.MAX_LP_ID, one_line=True), BeforeValidator(_cleaned)]


def _at_most_secondary(v: list) -> list:
    if len(v) > S.MAX_SECONDARY:        # the domain's words, so every door says the same
        refuse(f"at most {S.MAX_SECONDARY} secondary principles, got {len(v)}")
    return v


class FollowUpDocument(Document):
    question: StoryText(S.MAX_FOLLOWUP)
    answer: StoryText(S.MAX_FOLLOWUP)


class StoryDocument(Document):
    """A story as it comes in. A draft may have empty parts (the editor checks it as you type); saving it
    applies the domain's rules as well (`validate_story`)."""
    title: StoryText(S.MAX_TITLE)
    primary_lp: LpId = Field(description="A Leadership Principle id, e.g. ownership")
    secondary_lps: Annotated[list[LpId], Field(json_schema_extra={"maxItems": S.MAX_SECONDARY}),
                             AfterValidator(_at_most_secondary)] = Field(default_factory=list)
    level: Literal[S.LEVELS] = "L6"
    status: Literal[S.STATUSES] = "draft"
    situation: StoryText(S.MAX_PART)
    task: StoryText(S.MAX_PART)
    action: StoryText(S.MAX_PART)
    result: StoryText(S.MAX_PART)
    metrics: StoryText(S.TEXT_LIMITS["metrics"]) = ""
    obstacles: StoryText(S.TEXT_LIMITS["obstacles"]) = ""
    lessons: StoryText(S.TEXT_LIMITS["lessons"]) = ""
    team_size: Int(1, S.MAX_TEAM) | None = None
    period: StoryText(S.MAX_PERIOD) | None = None
    happened: DayIn(S.FIRST_HAPPENED, S.LAST_HAPPENED) | None = None
    failure: bool = False
    short_version: StoryText(S.TEXT_LIMITS["short_version"]) = ""
    two_minute_version: StoryText(S.TEXT_LIMITS["two_minute_version"]) = ""
    followups: list[FollowUpDocument] = Field(default_factory=list, max_length=S.MAX_FOLLOWUPS)

    def story(self, story_id: int | None = None) -> Story:
        """The domain Story (not yet checked by the domain's rules: a draft may be incomplete)."""
        values = self.model_dump(include=set(StoryDocument.model_fields) - {"secondary_lps", "followups"})
        return Story(**values, secondary_lps=tuple(self.secondary_lps),
                     followups=tuple(FollowUp(f.question, f.answer) for f in self.followups), id=story_id)


FIELDS = tuple(StoryDocument.model_fields)


def document_values(story: Story) -> dict:
    """A domain Story as the document's fields (what `StoryDocument.model_validate` takes)."""
    values = asdict(story)
    values.pop("id", None)
    values["secondary_lps"] = list(story.secondary_lps) if isinstance(story.secondary_lps, (tuple, list)) \
        else story.secondary_lps
    values["followups"] = [{"question": f.question, "answer": f.answer} for f in story.followups] \
        if isinstance(story.followups, (tuple, list)) else story.followups
    return values


def _domain(story: Story, prefix: str) -> Story:
    try:
        return S.validate(story)
    except StoryError as exc:
        raise StoryError(f"{prefix}.{exc}" if prefix else str(exc)) from None


def validate_story(story: Story, prefix: str = "") -> Story:
    """The one check before a story is saved, whatever door it came through: the document's shape and limits,
    then the domain's rules. Raises StoryError with one line naming the field (`title: …`, or with `prefix`,
    `stories[3].title: …`); returns the normalised story (its id kept)."""
    try:
        doc = StoryDocument.model_validate(document_values(story))
    except ValidationError as exc:
        raise StoryError(first_error(exc, prefix)) from None
    return _domain(replace(doc.story(), id=story.id), prefix)


def story_from(data: Mapping, prefix: str = "", story_id: int | None = None) -> Story:
    """A mapping of document fields (a JSON row, parsed front matter) as a checked domain Story."""
    try:
        doc = StoryDocument.model_validate(data)
    except ValidationError as exc:
        raise StoryError(first_error(exc, prefix)) from None
    return _domain(doc.story(story_id), prefix)
