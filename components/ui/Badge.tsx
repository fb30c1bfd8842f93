/** The one small badge: an icon and a word with a colour class; callers add data attributes. */
export function Badge({
  icon,
  label,
  className,
  ...data
}: { icon: string; label: string; className: string } & Record<`data-${string}`, string>) {
  return (
    <span
      {...data}
      className={`inline-flex items-center gap-1 rounded border px-1.5 py-px text-xs font-medium whitespace-nowrap ${className}`}
    >
      <span aria-hidden="true">{icon}</span>
      {label}
    </span>
  );
}
