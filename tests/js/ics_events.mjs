// Reads an .ics file the way Thunderbird does (Mozilla's ical.js, with the file's own VTIMEZONEs) and
// prints one JSON object per VEVENT: UID, SEQUENCE, STATUS, and the UTC instants of DTSTART and DTEND.
// Usage: node tests/js/ics_events.mjs FILE.ics   (used by tests/exports/test_calendar_sync.py)
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(process.argv[2], "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
const instant = (time) => (time ? time.toJSDate().toISOString() : null);
const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    sequence: vevent.getFirstPropertyValue("sequence"),
    status: vevent.getFirstPropertyValue("status"),
    tzid: event.startDate.zone ? event.startDate.zone.tzid : null,
    start: instant(event.startDate),
    end: instant(event.endDate),
  };
});
process.stdout.write(JSON.stringify(events) + "\n");
