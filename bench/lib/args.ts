/** `--name N` from the command line, a whole number ≥ 1, else `def`; anything else is refused. */
export function countArg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i < 0 ? def : Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} wants a whole number ≥ 1`);
  return v;
}
