// Minimal typings for the parts of xmpp.js 0.13 (CommonJS, untyped) that the project uses.

declare module "@xmpp/xml" {
  import LtxElement from "ltx/lib/Element";
  type Child = LtxElement | string | number | null | undefined | false | Child[];
  function xml(name: string, attrs?: Record<string, string | number | undefined> | null, ...children: Child[]): LtxElement;
  namespace xml {
    export type Element = LtxElement;
    export const Element: typeof LtxElement;
    export function escapeXML(s: string): string;
    export function escapeXMLText(s: string): string;
  }
  export = xml;
}

declare module "@xmpp/component-core" {
  import { EventEmitter } from "node:events";
  import type { Socket } from "node:net";
  import LtxElement from "ltx/lib/Element";
  export class Component extends EventEmitter {
    constructor(options: { service: string; domain: string });
    status: string;
    socket: Socket | null;
    jid: unknown;
    options: { service: string; domain: string };
    connect(service: string): Promise<void>;
    open(options: { domain: string }): Promise<LtxElement>;
    authenticate(id: string, password: string): Promise<void>;
    send(el: LtxElement): Promise<void>;
    write(text: string): Promise<void>;
    stop(): Promise<unknown>;
    disconnect(timeout?: number): Promise<void>;
  }
}

declare module "@xmpp/client" {
  import { EventEmitter } from "node:events";
  import LtxElement from "ltx/lib/Element";
  export interface XmppClient extends EventEmitter {
    status: string;
    jid: { toString(): string } | null;
    socket: import("node:net").Socket | null;
    reconnect: { stop(): void; delay: number };
    streamManagement: { allowResume: boolean; enabled: boolean; id: string; inbound: number; outbound: number };
    iqCaller: { request(el: LtxElement, timeout?: number): Promise<LtxElement> };
    /** Answers incoming IQ get/set of one namespace and child name; unhandled ones get an error. */
    iqCallee: {
      get(ns: string, name: string, handler: (ctx: { stanza: LtxElement }) => unknown): void;
      set(ns: string, name: string, handler: (ctx: { stanza: LtxElement }) => unknown): void;
    };
    start(): Promise<unknown>;
    stop(): Promise<unknown>;
    send(el: LtxElement): Promise<void>;
    write(text: string): Promise<void>;
  }
  export function client(options: {
    service: string;
    domain?: string;
    resource?: string;
    username?: string;
    password?: string;
    credentials?: unknown;
  }): XmppClient;
  export { default as xml } from "@xmpp/xml";
}
