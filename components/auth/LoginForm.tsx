"use client";

import { useState } from "react";
import { useT } from "@/components/i18n/I18nProvider";
import { CSRF_HEADER } from "@/lib/auth/csrf-header";
import type { MessageKey } from "@/lib/i18n/catalogue";

type Problem = { key: MessageKey; params?: Record<string, string | number> } | null;

const input =
  "w-full rounded border border-line bg-canvas px-2 py-1 text-ink focus:border-accent focus:outline-none";

/** Fetches a login CSRF token, then posts the credentials; a full navigation on success. */
export function LoginForm({ next }: { next: string }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>(null);

  async function submit(form: HTMLFormElement) {
    setBusy(true);
    setProblem(null);
    const fields = new FormData(form);
    try {
      const { csrf } = (await (await fetch("/api/auth/login", { cache: "no-store" })).json()) as {
        csrf: string;
      };
      const res = await fetch("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json", [CSRF_HEADER]: csrf },
        body: JSON.stringify({
          username: String(fields.get("username") ?? ""),
          password: String(fields.get("password") ?? ""),
        }),
      });
      if (res.ok) {
        window.location.assign(next);
        return;
      }
      const body = (await res.json().catch(() => ({}))) as {
        error?: string;
        retryAfterSeconds?: number;
      };
      if (res.status === 401) setProblem({ key: "login.wrong" });
      else if (res.status === 429)
        setProblem({ key: "login.throttled", params: { n: body.retryAfterSeconds ?? 0 } });
      else if (body.error === "https-required") setProblem({ key: "login.httpsRequired" });
      else setProblem({ key: "login.failed", params: { error: body.error ?? res.status } });
    } catch (err) {
      setProblem({ key: "login.failed", params: { error: String(err) } });
    }
    (form.elements.namedItem("password") as HTMLInputElement | null)?.select();
    setBusy(false);
  }

  return (
    <form
      data-testid="login-form"
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(event.currentTarget);
      }}
    >
      <label className="block space-y-1">
        <span className="text-xs text-muted">{t("login.username")}</span>
        <input
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
          className={input}
        />
      </label>
      <label className="block space-y-1">
        <span className="text-xs text-muted">{t("login.password")}</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={input}
        />
      </label>
      {problem && (
        <p role="alert" data-testid="login-error" className="text-down">
          <span aria-hidden="true">✕ </span>
          {t(problem.key, problem.params)}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        className="w-full rounded border border-accent/60 bg-accent/15 px-3 py-1.5 font-medium text-accent hover:bg-accent/25 disabled:opacity-60"
      >
        {busy ? t("login.submitting") : t("login.submit")}
      </button>
    </form>
  );
}
