// Node 22 cannot parse `using` declarations (Node 24 can). The package never declares with
// `using`, and Node 22 loads mod.ts and src/ as it strips them; some test files do, to test it.
// Preloaded with `--import` for the suite under Node 22 (its test processes, Workers and children
// inherit it), this lowers to ES2022, with TypeScript, only the files under tests/ that use it.
import { createRequire, registerHooks } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
let ts; // loaded at the first file that needs it: most processes and Workers never do
const tests = new URL("../tests/", import.meta.url).href;
const usingDeclaration = /^\s*(?:await\s+)?using\s+[\w$]+\s*=/m;

registerHooks({
  load(url, context, nextLoad) {
    const loaded = nextLoad(url, context);
    if (!url.startsWith(tests) || !url.endsWith(".ts")) return loaded;
    const source = typeof loaded.source === "string"
      ? loaded.source
      : new TextDecoder().decode(loaded.source);
    if (!usingDeclaration.test(source)) return loaded;
    ts ??= require("@tsd/typescript");
    const { outputText } = ts.transpileModule(source, {
      fileName: fileURLToPath(url),
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        verbatimModuleSyntax: true, // imports kept as written, as Node's own type stripping does
      },
    });
    return { format: "module", source: outputText, shortCircuit: true };
  },
});
