"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";

interface Option {
  value: string;
  label: string;
}

interface Props {
  cookie: string;
  label: string;
  value: string;
  options: Option[];
  testId: string;
}

/** A small select that stores a display preference in a cookie and re-renders the page. */
export function PreferenceSelect({ cookie, label, value, options, testId }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <label className="flex items-center gap-1 text-xs text-muted">
      <span className="sr-only">{label}</span>
      <select
        aria-label={label}
        data-testid={testId}
        disabled={pending}
        className="rounded border border-line bg-panel px-1.5 py-0.5 text-ink"
        value={value}
        onChange={(event) => {
          document.cookie = `${cookie}=${event.target.value}; path=/; max-age=31536000; samesite=lax`;
          startTransition(() => router.refresh());
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
