"""A realistic story for the analysis benchmark (about four minutes told at 150 wpm)."""

from datetime import date

from systemcraft.domain.stories import Story

_S = ("Our billing platform ran on a single database that could not survive the holiday peak. Two outages in the "
      "previous quarter had cost us enterprise customers, and the finance team no longer trusted the invoices. ") * 3
_T = "I was asked to move billing to a new store within one quarter, without downtime and without losing a cent. " * 2
_A = ("I wrote the migration plan and I set up dual writes with a nightly reconciliation. Finance pushed back on the "
      "numbers, so I built a report they could check line by line. I ran weekly risk reviews with the three teams "
      "involved and I personally led the cutover night. ") * 5
_R = ("We migrated with zero downtime, cut billing latency by 40%, and saved $300k a year in licences for "
      "2 million customers. Finance signed off the first month without a single correction. ") * 2
SAMPLE = Story(title="Billing migration", situation=_S, task=_T, action=_A, result=_R, primary_lp="ownership",
               secondary_lps=("dive-deep", "earn-trust"), level="L6", happened=date(2025, 6, 30),
               obstacles="Finance distrust; a hard deadline.",
               lessons="I now agree a reconciliation check with finance before any data migration starts.",
               short_version="I moved billing to a new store with zero downtime and saved 300k a year.",
               two_minute_version=_A[:900])
