/**
 * Whether a local account exists. mod_privilege checks the wrapper's target with
 * user_exists() before anything else, so any privileged IQ wrapper answers the question:
 * "forbidden: … must be a bare JID of a local user" means no such account. Answers are
 * cached (accounts rarely disappear) so repeated sends to the same people cost nothing.
 */
import { StanzaError } from "./errors";
import { internalId } from "./ids";
import type { IqTracker } from "./iq-tracker";
import type { Privileges } from "./privilege";
import { NS, xml } from "./stanza";

const NO_SUCH_USER = /bare JID of a local user/;

export class UserDirectory {
  private readonly known = new Map<string, { exists: boolean; until: number }>();

  constructor(
    private readonly options: {
      serverDomain: string;
      iqs: IqTracker;
      privileges: () => Privileges | null;
      existingTtlMs?: number;
      missingTtlMs?: number;
      maxEntries?: number;
    },
  ) {}

  /** True unless the server says there is no such account (or cannot be asked: then true). */
  async exists(bareJid: string): Promise<boolean> {
    const cached = this.known.get(bareJid);
    if (cached && cached.until > Date.now()) return cached.exists;
    const namespace = this.options.privileges()?.namespace;
    // Only privilege:2 servers (Prosody) take privileged IQs; elsewhere assume it exists.
    if (namespace !== "urn:xmpp:privilege:2") return true;
    const probe = xml(
      "iq",
      { type: "get", to: bareJid },
      xml("privileged_iq", { xmlns: namespace }, xml("iq", { xmlns: NS.client, type: "get", id: internalId(), to: this.options.serverDomain }, xml("ping", { xmlns: NS.ping }))),
    );
    let exists = true;
    try {
      await this.options.iqs.request(probe, 5000);
    } catch (err) {
      if (err instanceof StanzaError && err.condition === "forbidden" && NO_SUCH_USER.test(err.text ?? "")) exists = false;
      else if (!(err instanceof StanzaError)) throw err;
    }
    this.remember(bareJid, exists);
    return exists;
  }

  private remember(jid: string, exists: boolean): void {
    const { existingTtlMs = 600_000, missingTtlMs = 30_000, maxEntries = 50_000 } = this.options;
    this.known.delete(jid);
    this.known.set(jid, { exists, until: Date.now() + (exists ? existingTtlMs : missingTtlMs) });
    if (this.known.size > maxEntries) this.known.delete(this.known.keys().next().value!);
  }
}
