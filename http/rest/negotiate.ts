/**
 * Content negotiation by Accept with q-values (RFC 9110 §12.5.1). mod_rest ignores
 * q-values and takes the first listed type; we rank by q, then by how specifically the
 * type was named, then by its position in the header, and fall back to mod_rest's
 * defaults when nothing usable is asked for. We never answer 406.
 */
interface MediaRange {
  type: string;
  subtype: string;
  q: number;
  position: number;
}

function parseAccept(header: string): MediaRange[] {
  return header.split(",").flatMap((part, position) => {
    const [range, ...params] = part.trim().split(";");
    const [type, subtype] = range.trim().toLowerCase().split("/");
    if (!type || !subtype) return [];
    let q = 1;
    for (const param of params) {
      const [name, value] = param.trim().split("=");
      if (name?.trim().toLowerCase() === "q") {
        const n = Number(value);
        q = Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 1;
      }
    }
    return [{ type, subtype, q, position }];
  });
}

/**
 * The candidate the client prefers, or `fallback` when the header names none of them.
 * Ties (e.g. a bare wildcard) go to the earlier candidate, so list the default first.
 */
export function preferredOf(accept: string | undefined, candidates: readonly string[], fallback: string): string {
  if (!accept) return fallback;
  const ranges = parseAccept(accept);
  let best: { candidate: string; q: number; specificity: number; position: number } | null = null;
  for (const candidate of candidates) {
    const [type, subtype] = candidate.split("/");
    let match: { q: number; specificity: number; position: number } | null = null;
    for (const r of ranges) {
      const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === "*" ? 1 : r.type === "*" ? 0 : -1;
      if (specificity < 0 || (match && match.specificity >= specificity)) continue;
      match = { q: r.q, specificity, position: r.position };
    }
    if (!match || match.q === 0) continue;
    const better =
      !best ||
      match.q > best.q ||
      (match.q === best.q && (match.specificity > best.specificity || (match.specificity === best.specificity && match.position < best.position)));
    if (better) best = { candidate, ...match };
  }
  return best?.candidate ?? fallback;
}
