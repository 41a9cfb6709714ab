/**
 * Maximum characters of one text field of an update (a response, question, note or summary).
 * Temporal fails a workflow task whose payloads exceed 2 MB (its default error limit), which
 * leaves the complaint's workflow unable to take updates or queries, and the status query
 * returns every draft, so each text stays far below that: 20,000 characters are at most 80 KB.
 */
export const MAX_TEXT_LENGTH = 20_000;
