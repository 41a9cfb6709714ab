/**
 * Maximum characters of one text field of an update (a response, question, note or summary).
 * Temporal fails a workflow task whose payloads exceed 2 MB (its default error limit), and such a
 * failure leaves the complaint's workflow unable to take updates or queries. The status query
 * returns every draft, so each text stays far below that limit: 20,000 characters are at most 80 KB.
 */
export const MAX_TEXT_LENGTH = 20_000;
