/** The framed block every page is made of; its heading, when it has one, a bar on top. */
export function Panel({
  title,
  action,
  children,
  testId,
  headingId,
  className,
}: {
  title?: React.ReactNode;
  /** Beside the heading, at its end (a link to another page). */
  action?: React.ReactNode;
  children: React.ReactNode;
  testId?: string;
  /** An id for the heading; the section is then labelled by it. */
  headingId?: string;
  /** Added to the frame's classes (padding for a panel without a heading). */
  className?: string;
}) {
  return (
    <section
      className={`rounded border border-line bg-panel${className ? ` ${className}` : ""}`}
      data-testid={testId}
      aria-labelledby={headingId}
    >
      {title !== undefined && (
        <h2
          id={headingId}
          className={
            action
              ? "flex items-center gap-3 border-b border-line px-3 py-2 font-medium"
              : "border-b border-line px-3 py-2 font-medium"
          }
        >
          {title}
          {action}
        </h2>
      )}
      {children}
    </section>
  );
}
