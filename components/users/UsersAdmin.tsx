"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { RoleBadge } from "@/components/auth/RoleBadge";
import { send } from "@/components/auth/send";
import { useT } from "@/components/i18n/I18nProvider";
import { Panel } from "@/components/ui/Panel";
import { TableFrame } from "@/components/ui/Table";
import { ROLES } from "@/lib/auth/roles";
import type { PublicUser } from "@/lib/auth/users";
import type { MessageKey } from "@/lib/i18n/catalogue";

type Notice = { ok: boolean; key: MessageKey; params?: Record<string, string | number> } | null;

const field =
  "rounded border border-line bg-canvas px-2 py-0.5 text-ink focus:border-accent focus:outline-none";
const button =
  "rounded border border-line px-2 py-0.5 text-ink hover:bg-line disabled:opacity-60 whitespace-nowrap";

const ERROR_KEYS: Record<string, MessageKey> = {
  invalidName: "users.error.invalidName",
  invalidRole: "users.error.invalidRole",
  tooShort: "users.error.tooShort",
  tooLong: "users.error.tooLong",
  notFound: "users.error.notFound",
  exists: "users.error.exists",
  lastAdmin: "users.error.lastAdmin",
};

/** The admin's table: add, change role, reset password, remove; the server checks everything again. */
export function UsersAdmin({
  users,
  me,
  csrf,
  passwordMin,
}: {
  users: PublicUser[];
  me: string;
  csrf: string;
  passwordMin: number;
}) {
  const t = useT();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [resetting, setResetting] = useState<string | null>(null);

  async function act(
    url: string,
    method: "POST" | "PATCH" | "DELETE",
    body: unknown,
    done: MessageKey,
    name: string,
  ): Promise<boolean> {
    setBusy(true);
    setNotice(null);
    try {
      const res = await send(url, method, csrf, body);
      if (res.ok) {
        setNotice({ ok: true, key: done, params: { name } });
        router.refresh();
        return true;
      }
      const key = ERROR_KEYS[res.data.error ?? ""];
      setNotice(
        key
          ? { ok: false, key, params: { name, n: passwordMin } }
          : {
              ok: false,
              key: "users.error.other",
              params: { error: res.data.error ?? res.status },
            },
      );
      return false;
    } finally {
      setBusy(false);
    }
  }

  const userUrl = (name: string) => `/api/users/${encodeURIComponent(name)}`;

  return (
    <div className="space-y-4">
      {notice && (
        <p
          role="status"
          data-testid="users-notice"
          data-ok={notice.ok}
          className={notice.ok ? "text-ok" : "text-down"}
        >
          <span aria-hidden="true">{notice.ok ? "✓ " : "✕ "}</span>
          {t(notice.key, notice.params)}
        </p>
      )}
      <Panel>
        <TableFrame
          testId="users-table"
          head={[t("users.name"), t("users.role"), t("users.updated"), t("users.actions")]}
        >
          {users.map((u) => (
            <tr key={u.name} className="border-t border-line align-top" data-user={u.name}>
              <td className="px-3 py-1.5 font-mono">
                {u.name}
                {u.name === me && (
                  <span className="ml-2 text-xs text-muted">({t("users.you")})</span>
                )}
              </td>
              <td className="px-3 py-1.5">
                <div className="flex items-center gap-2">
                  <RoleBadge role={u.role} label={t(`userRole.${u.role}`)} />
                  <select
                    aria-label={t("users.changeRole", { name: u.name })}
                    data-testid="role-select"
                    className={field}
                    disabled={busy}
                    value={u.role}
                    onChange={(e) =>
                      void act(
                        userUrl(u.name),
                        "PATCH",
                        { role: e.target.value },
                        "users.roleChanged",
                        u.name,
                      )
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`userRole.${r}`)}
                      </option>
                    ))}
                  </select>
                </div>
              </td>
              <td
                className="px-3 py-1.5 text-xs text-muted"
                title={new Date(u.updatedAt).toISOString()}
              >
                {new Date(u.updatedAt).toISOString().slice(0, 16).replace("T", " ")} UTC
              </td>
              <td className="px-3 py-1.5">
                <div className="flex flex-wrap items-center gap-2">
                  {resetting === u.name ? (
                    <form
                      className="flex items-center gap-2"
                      onSubmit={async (e) => {
                        e.preventDefault();
                        const password = String(
                          new FormData(e.currentTarget).get("password") ?? "",
                        );
                        if (
                          await act(
                            userUrl(u.name),
                            "PATCH",
                            { password },
                            "users.passwordReset",
                            u.name,
                          )
                        )
                          setResetting(null);
                      }}
                    >
                      <input
                        name="password"
                        type="password"
                        autoComplete="new-password"
                        aria-label={t("users.newPassword")}
                        placeholder={t("users.newPassword")}
                        minLength={passwordMin}
                        required
                        className={field}
                      />
                      <button type="submit" className={button} disabled={busy}>
                        {t("users.save")}
                      </button>
                      <button type="button" className={button} onClick={() => setResetting(null)}>
                        {t("users.cancel")}
                      </button>
                    </form>
                  ) : (
                    <button
                      type="button"
                      className={button}
                      disabled={busy}
                      onClick={() => setResetting(u.name)}
                    >
                      {t("users.resetPassword")}
                    </button>
                  )}
                  <button
                    type="button"
                    data-testid="remove-user"
                    className={`${button} border-down/50 text-down`}
                    disabled={busy}
                    onClick={() => {
                      if (window.confirm(t("users.confirmRemove", { name: u.name })))
                        void act(userUrl(u.name), "DELETE", undefined, "users.removed", u.name);
                    }}
                  >
                    <span aria-hidden="true">✕ </span>
                    {t("users.remove")}
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </TableFrame>
      </Panel>

      <Panel className="p-3">
        <h2 className="mb-2 font-semibold">{t("users.add")}</h2>
        <form
          data-testid="add-user"
          className="flex flex-wrap items-end gap-3"
          onSubmit={async (e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const data = new FormData(form);
            const name = String(data.get("name") ?? "");
            const ok = await act(
              "/api/users",
              "POST",
              {
                name,
                role: String(data.get("role")),
                password: String(data.get("password") ?? ""),
              },
              "users.added",
              name,
            );
            if (ok) form.reset();
          }}
        >
          <label className="space-y-1">
            <span className="block text-xs text-muted">{t("users.name")}</span>
            <input name="name" required autoComplete="off" spellCheck={false} className={field} />
          </label>
          <label className="space-y-1">
            <span className="block text-xs text-muted">{t("users.role")}</span>
            <select name="role" defaultValue="viewer" className={field}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`userRole.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="space-y-1">
            <span className="block text-xs text-muted">
              {t("users.password")} ({t("users.passwordHint", { n: passwordMin })})
            </span>
            <input
              name="password"
              type="password"
              autoComplete="new-password"
              minLength={passwordMin}
              required
              className={field}
            />
          </label>
          <button type="submit" className={button} disabled={busy}>
            {t("users.addSubmit")}
          </button>
        </form>
      </Panel>
    </div>
  );
}
