"""Files SystemCraft produces for other programs (calendars, later JSON/CSV exports)."""
