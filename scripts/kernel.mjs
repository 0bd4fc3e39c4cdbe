#!/usr/bin/env node
// Assembles the scanner's WebAssembly kernel (src/search/_kernel.wat) into the module the package
// loads (src/search/_kernel_wasm.ts: the bytes as base64, so nothing is fetched or built at run
// time). Run it after changing the .wat file; tests/search/kernel_test.ts fails while the two differ.
//
//   node scripts/kernel.mjs           writes src/search/_kernel_wasm.ts
//   node scripts/kernel.mjs --check   exits 1 when src/search/_kernel_wasm.ts is not the .wat's bytes
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { assembleKernel, kernelModuleText } from "./_kernel_assemble.mjs";

const root = new URL("../", import.meta.url);
const wat = fileURLToPath(new URL("src/search/_kernel.wat", root));
const out = fileURLToPath(new URL("src/search/_kernel_wasm.ts", root));

const text = kernelModuleText(await assembleKernel(readFileSync(wat, "utf8")));
if (process.argv.includes("--check")) {
  const same = readFileSync(out, "utf8") === text;
  console.log(
    same ? "src/search/_kernel_wasm.ts matches the .wat" : "src/search/_kernel_wasm.ts is stale",
  );
  process.exit(same ? 0 : 1);
}
writeFileSync(out, text);
console.log(`wrote src/search/_kernel_wasm.ts`);
