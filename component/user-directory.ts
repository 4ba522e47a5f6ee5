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
import { ExpiringCache } from "./services/expiring-cache";
import { NS, xml } from "./stanza";

const NO_SUCH_USER = /bare JID of a local user/;

export class UserDirectory {
  private readonly known: ExpiringCache<boolean>;

  constructor(
    private readonly options: {
      serverDomain: string;
      iqs: IqTracker;
      privileges: () => Privileges | null;
      existingTtlMs?: number;
      missingTtlMs?: number;
      maxEntries?: number;
    },
  ) {
    const { existingTtlMs = 600_000, missingTtlMs = 30_000, maxEntries = 50_000 } = options;
    this.known = new ExpiringCache((jid) => this.probe(jid), (exists) => (exists ? existingTtlMs : missingTtlMs), maxEntries);
  }

  /** True unless the server says there is no such account (or cannot be asked: then true). */
  exists(bareJid: string): Promise<boolean> {
    // Only privilege:2 servers (Prosody) take privileged IQs; elsewhere assume it exists.
    if (this.options.privileges()?.namespace !== "urn:xmpp:privilege:2") return Promise.resolve(true);
    return this.known.get(bareJid);
  }

  private async probe(bareJid: string): Promise<boolean> {
    const probe = xml(
      "iq",
      { type: "get", to: bareJid },
      xml("privileged_iq", { xmlns: "urn:xmpp:privilege:2" }, xml("iq", { xmlns: NS.client, type: "get", id: internalId(), to: this.options.serverDomain }, xml("ping", { xmlns: NS.ping }))),
    );
    try {
      await this.options.iqs.request(probe, 5000);
      return true;
    } catch (err) {
      if (err instanceof StanzaError && err.condition === "forbidden" && NO_SUCH_USER.test(err.text ?? "")) return false;
      if (err instanceof StanzaError) return true;
      throw err;
    }
  }
}
