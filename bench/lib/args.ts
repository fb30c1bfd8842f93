/** `--name N` from the command line, a whole number ≥ 1, else `def`; anything else is refused. */
export function countArg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i < 0 ? def : Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} wants a whole number ≥ 1`);
  return v;
}

/** `--name N[,N…]` from the command line, whole numbers ≥ 0 (0s dropped), else `def`. */
export function countsArg(name: string, def: number[]): number[] {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const values = (process.argv[i + 1] ?? "").split(",").map(Number);
  if (values.some((n) => !Number.isInteger(n) || n < 0))
    throw new Error(`--${name} wants whole numbers ≥ 0, e.g. 500,2000`);
  return values.filter((n) => n > 0);
}
