import { UsersAdmin } from "@/components/users/UsersAdmin";
import { PASSWORD_MIN } from "@/lib/auth/password";
import { requireRole } from "@/lib/auth/server";
import { listUsers } from "@/lib/auth/users";
import { getI18n } from "@/lib/i18n/server";
import { getStore } from "@/lib/store";

export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const me = await requireRole("admin");
  const { t } = await getI18n();
  const users = await listUsers(await getStore());
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">{t("users.title")}</h1>
      <UsersAdmin users={users} me={me.name} csrf={me.csrfToken} passwordMin={PASSWORD_MIN} />
      <p className="text-xs text-muted">
        {t("users.cliHint")} <code className="font-mono">npx ovnscope user --help</code>
      </p>
    </div>
  );
}
