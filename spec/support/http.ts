/** Small HTTP helpers for integration tests. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function json(res: Response): Promise<any> {
  return res.json();
}

export interface Call {
  method?: string;
  auth?: string | null;
  type?: string | null;
  accept?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json(): any;
}

/** One request; the body is read once and kept. */
export async function call(url: string, { method = "POST", auth, type, accept, body, headers = {} }: Call): Promise<Answer> {
  const all: Record<string, string> = { ...headers };
  if (auth) all.Authorization = auth;
  if (type) all["Content-Type"] = type;
  if (accept) all.Accept = accept;
  const res = await fetch(url, { method, headers: all, body, redirect: "manual" });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}
