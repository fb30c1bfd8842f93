#!/usr/bin/env node
// The ovnscope CLI. It runs the TypeScript in lib/ through tsx, so `ovnscope check` uses the
// very same collector and rules as the server (no compiled copy to drift).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { register as registerCjs } from "tsx/cjs/api";
import { register as registerEsm } from "tsx/esm/api";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsconfig = join(root, "tsconfig.json");
// lib/ is CommonJS-flavoured TypeScript (the package has no "type": "module"). The CJS hook
// reads its tsconfig (the @/ paths) from this variable, else from the current directory.
process.env.TSX_TSCONFIG_PATH ??= tsconfig;
registerEsm({ tsconfig });
registerCjs({ tsconfig });
createRequire(import.meta.url)(join(root, "lib/cli/main.ts"));
