"use client";

import { CSRF_HEADER } from "@/lib/auth/csrf-header";

export interface SendResult<T> {
  ok: boolean;
  status: number;
  data: T & { error?: string; retryAfterSeconds?: number };
}

/** A state-changing JSON request from the browser: same origin, with the CSRF token. */
export async function send<T = Record<string, unknown>>(
  url: string,
  method: "POST" | "PATCH" | "DELETE",
  csrf: string,
  body?: unknown,
): Promise<SendResult<T>> {
  const res = await fetch(url, {
    method,
    cache: "no-store",
    credentials: "same-origin",
    headers: { "content-type": "application/json", [CSRF_HEADER]: csrf },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await res.json().catch(() => ({}))) as SendResult<T>["data"];
  return { ok: res.ok, status: res.status, data };
}
