/**
 * Users' display name and email, as SparkWeb's onConnect reports them (Openfire reads its
 * user table; here the user's own vCard is the profile). Read as the user with the
 * vcard-temp IQ privilege, which Prosody answers from the user's vCard4 as well
 * (mod_vcard_legacy), and cached like rosters.
 */
import type { Logger } from "../../log";
import { StanzaError } from "../errors";
import { Element, xml } from "../stanza";
import { ExpiringCache } from "./expiring-cache";

const NS_VCARD = "vcard-temp";

export interface Profile {
  name: string | null;
  email: string | null;
}

export interface ProfileCacheOptions {
  /** component.iqAs: the IQ as `user`, answered by the server. */
  iqAs(user: string, iq: Element, timeoutMs: number): Promise<Element>;
  ttlMs: number;
  timeoutMs?: number;
  log: Logger;
}

const NO_PROFILE: Profile = { name: null, email: null };

/** The display name (FN, else NICKNAME, else the given and family names) and first email of a vCard. */
export function profileOf(vcard: Element | undefined): Profile {
  if (!vcard) return NO_PROFILE;
  const text = (el: Element | undefined) => el?.getText().trim() || null;
  const n = vcard.getChild("N");
  const fullName = [text(n?.getChild("GIVEN")), text(n?.getChild("FAMILY"))].filter(Boolean).join(" ") || null;
  const email = vcard.getChildren("EMAIL").map((e) => text(e.getChild("USERID")) ?? text(e)).find(Boolean) ?? null;
  return { name: text(vcard.getChild("FN")) ?? text(vcard.getChild("NICKNAME")) ?? fullName, email };
}

export class ProfileCache {
  private readonly cache: ExpiringCache<Profile>;

  constructor(private readonly options: ProfileCacheOptions) {
    this.cache = new ExpiringCache((user) => this.read(user), options.ttlMs);
  }

  /** The user's profile; empty when the server has none or cannot answer (not cached then). */
  async get(user: string): Promise<Profile> {
    try {
      return await this.cache.get(user);
    } catch (err) {
      this.options.log.debug("no profile for a user", { user, error: (err as Error).message });
      return NO_PROFILE;
    }
  }

  private async read(user: string): Promise<Profile> {
    const query = xml("iq", { type: "get", to: user }, xml("vCard", { xmlns: NS_VCARD }));
    try {
      const result = await this.options.iqAs(user, query, this.options.timeoutMs ?? 2000);
      return profileOf(result.getChild("vCard", NS_VCARD));
    } catch (err) {
      // A user who never published a vCard: a real answer, worth keeping.
      if (err instanceof StanzaError && err.condition === "item-not-found") return NO_PROFILE;
      throw err;
    }
  }
}
