import Link from "next/link";

/** A finding's own page (/findings/<id>): every finding is a deep link. */
export function findingHref(id: string): string {
  return `/findings/${encodeURIComponent(id)}`;
}

/** A link to a finding's page; the caller says how it looks in its place. */
export function FindingLink({
  id,
  className,
  children,
}: {
  id: string;
  className: string;
  children: React.ReactNode;
}) {
  return (
    <Link href={findingHref(id)} className={className}>
      {children}
    </Link>
  );
}
