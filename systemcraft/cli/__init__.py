"""Click commands: parse → call one Coach method → render. Heavy imports stay inside commands."""
