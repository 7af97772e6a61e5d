/** Quarantine reasons: what they quote, and how to leave it out (server/mask.ts for viewers; summaries by kind). */

/**
 * A quarantine reason without the value it quotes (what viewers get, and what summaries count by). Reasons quote the bad value first (`"VALUE" is not a number`, at most 40
 * characters of it, and the value may itself hold quotes): the value is whatever stands before the reason's fixed
 * tail, found from the end. A value that failed its field's check is by definition not what that field holds (an
 * email in the income column), so the field it was meant for says nothing about it: viewers get no quoted value.
 * Unreadable records quote the engine's parser, which may repeat the line: only their kind is kept.
 */
export function reasonWithoutValue(reason: string): string {
  if (reason.startsWith('unreadable record')) {
    const kind = /^unreadable record: ([A-Za-z_ ]+)/.exec(reason);
    return kind ? `unreadable record: ${kind[1].trim()}` : 'unreadable record';
  }
  if (!reason.startsWith('"')) return reason;
  const tail = reason.lastIndexOf('" is ');
  return tail > 0 ? `value is ${reason.slice(tail + '" is '.length)}` : 'value is not valid';
}

/** A reason with its quoted value and line number generalised, for summaries that count reasons by kind. */
export function generalReason(reason: string): string {
  return reasonWithoutValue(reason).replace(/of line \d+$/, 'of an earlier line');
}
