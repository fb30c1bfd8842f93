"use client";

import { useState } from "react";
import { RoleBadge } from "@/components/auth/RoleBadge";
import { send } from "@/components/auth/send";
import { useT } from "@/components/i18n/I18nProvider";
import type { Role } from "@/lib/auth/roles";

/** Who is signed in, with which role, and the way out. */
export function UserMenu({ name, role, csrf }: { name: string; role: Role; csrf: string }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  return (
    <div className="flex items-center gap-2 text-xs whitespace-nowrap">
      <span>
        <span className="sr-only">{t("header.signedInAs")} </span>
        <span className="font-mono text-ink" data-testid="signed-in-user">
          {name}
        </span>
      </span>
      <RoleBadge role={role} label={t(`userRole.${role}`)} />
      <button
        type="button"
        data-testid="logout"
        disabled={busy}
        className="rounded border border-line px-1.5 py-0.5 text-ink hover:bg-line disabled:opacity-60"
        onClick={async () => {
          setBusy(true);
          // Whatever the answer, the cookie is cleared or the session is gone: go to login, as a
          // full load so that no signed-in page stays in the client's router cache.
          await send("/api/auth/logout", "POST", csrf).catch(() => undefined);
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination
          window.location.assign("/login");
        }}
      >
        {t("header.logout")}
      </button>
    </div>
  );
}
