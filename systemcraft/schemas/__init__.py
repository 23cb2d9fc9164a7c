"""One model per input document (issue 14 §4): a story, a candidate profile with its plan settings, and the
JSON export. Each is built from the domain's constants and used wherever that document comes in — the CLI,
the web forms, the API, Markdown front matter, CSV rows and `import` — so the limits agree everywhere and
nothing accepted by one door can be refused, or crash, behind another.

    base.py      shared field types (bounded ints, finite floats, dates in a sane window, IANA zones,
                 HH:MM times) and the one-line error for a refused document ("stories[3].title: …")
    story.py     StoryDocument: the STAR story (web editor, API, front matter, CSV rows, import)
    profile.py   ProfileDocument and PlanSettingsDocument: onboarding/init answers and plan settings
    export.py    ExportDocument: every table of a JSON export, row by row, field by field

pydantic is imported by these modules, never by this package's __init__, so importing `systemcraft.schemas`
costs nothing on the CLI's fast paths; `validate_story` below checks an already built Story without it.
"""


def validate_story(story, prefix: str = ""):
    """The one check every saved story passes. For a Story already built (the CLI's flags and prompts, a
    Markdown file or CSV row once read, a form once parsed by StoryDocument) that is the domain's
    `validate`: it applies the same limits, built from the same constants, and words each refusal as the
    document does (tests/services/test_documents.py holds the two to the same answer, fault by fault), so
    `story add` needs no pydantic. Untyped documents (JSON, the web form, front matter) go through
    story.py's StoryDocument first."""
    from systemcraft.domain.stories import StoryError, validate
    try:
        return validate(story)
    except StoryError as exc:
        raise StoryError(f"{prefix}.{exc}" if prefix else str(exc)) from None
