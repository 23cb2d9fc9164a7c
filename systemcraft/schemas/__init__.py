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
costs nothing on the CLI's fast paths.
"""


def validate_story(story, prefix: str = ""):
    """The one check every saved story passes (see story.py); pydantic is loaded on the first call."""
    from systemcraft.schemas.story import validate_story as check
    return check(story, prefix)
