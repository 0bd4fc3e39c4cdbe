// Child process of deno_ffi_grant_test.ts: maps the file it is given twice (fallback "read", then
// "error") and prints what happened as JSON.
import process from "node:process";
import { mapFile } from "../../mod.ts";

const [path] = process.argv.slice(2);
const file = mapFile(path);
const report: Record<string, unknown> = { mapped: file.mapped, byteLength: file.byteLength };
file.close();
try {
  mapFile(path, { fallback: "error" }).close();
  report.strict = "mapped";
} catch (error) {
  report.strict = { name: (error as Error).name, code: (error as { code?: string }).code };
  report.message = (error as Error).message;
}
console.log(JSON.stringify(report));
