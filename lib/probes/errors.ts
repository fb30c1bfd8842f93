/** A parser met output it cannot read. The section is reported "unparsable"; nothing crashes. */
export class ProbeParseError extends Error {
  constructor(
    readonly probe: string,
    message: string,
  ) {
    super(`${probe}: ${message}`);
    this.name = "ProbeParseError";
  }
}
