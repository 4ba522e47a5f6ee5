/** The message archive and its search index (filled in by the inbound-feed work). */
export const m003_messages = ``;
