"""Story verdicts through the real command (issue 17): with an L7 target, `story check` and `story coverage`
agree on L7 scope, and each ✓ and warning shows the story's own words."""

from tests.conftest import INIT_ARGS

# A one-team story (after ds-l6-3 in tests/data/stories) whose only "scale" words are "organization" and
# "Platform": the honest verdict at L7 is "not visible", quoting the team of 12.
ONE_TEAM = dict(title="Mobile and Product in conflict",
                situation="Our mobile team of 12 engineers on the Platform organization was in escalating conflict "
                          "with the Product team over feature velocity.",
                task="I needed to restore working relationships and sustainable delivery.",
                action="I ran a joint workshop, but Product pushed back, so I negotiated 20% of sprint capacity "
                       "for debt.",
                result="We reduced average feature delivery time by 25%. Product satisfaction with engineering "
                       "delivery increased from 2/5 to 4.5/5.")
WIDE = dict(title="Unified fulfillment platform",
            situation="Fulfillment was split across 4 different organizations with 150+ engineers.",
            task="I led the transformation over 18 months with four VP-level stakeholders.",
            action="I designed a federated platform, but two organizations resisted, so I set up a steering group.",
            result="It drove $50M in operational savings annually.")


def _add(cli, story, level="L7"):
    args = ["story", "add", "--lp", "ownership", "--level", level]
    for k, v in story.items():
        args += [f"--{k}", v]
    r = cli(*args)
    assert r.returncode == 0, r.stderr


def test_check_and_coverage_agree_and_quote_the_story(cli, answers_file):
    assert cli(*INIT_ARGS, "--level", "L7", "--answers", str(answers_file)).returncode == 0
    _add(cli, ONE_TEAM)
    out = cli("story", "check", "1").stdout
    assert "L7 scope is not visible" in out and "“Our mobile team of 12 engineers" in out
    assert "quantified in business terms" in out and "feature delivery time by 25%" in out
    found = {f["rule"]: f for f in cli.json("story", "check", "1")[0]["findings"]}
    assert found["l7_scope"]["severity"] == "warning" and found["metric"]["severity"] == "ok"
    cov = cli.json("story", "coverage")
    assert any("no L7-scope story yet for Ownership" in w for w in cov["warnings"])
    assert any(w.startswith("no failure story") for w in cov["warnings"])
    _add(cli, WIDE)
    wide = {f["rule"]: f for f in cli.json("story", "check", "2")[0]["findings"]}
    assert wide["l7_scope"]["severity"] == "ok" and "4 different organizations" in wide["l7_scope"]["evidence"]
    assert not any("no L7-scope story yet for Ownership" in w for w in cli.json("story", "coverage")["warnings"])
