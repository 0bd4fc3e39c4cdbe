// Turns the kernel's text format into the TypeScript module that embeds its bytes. Shared by
// scripts/kernel.mjs (which writes the module) and tests/search/kernel_test.ts (which checks it).
import wabtModule from "wabt";

/** The binary of `wat` (WebAssembly text with SIMD128), validated. */
export async function assembleKernel(wat) {
  const wabt = await wabtModule();
  const module = wabt.parseWat("_kernel.wat", wat, { simd: true });
  try {
    module.validate();
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

/** The source of src/search/_kernel_wasm.ts for `bytes`: base64, in lines that fit the formatter. */
export function kernelModuleText(bytes) {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const base64 = btoa(binary);
  const lines = [];
  for (let i = 0; i < base64.length; i += 96) lines.push(`  "${base64.slice(i, i + 96)}",`);
  return [
    "// The bytes of src/search/_kernel.wat, assembled by scripts/kernel.mjs: do not edit by hand.",
    "",
    "/** The kernel module's bytes, base64. */",
    "export const kernelBase64: string = [",
    ...lines,
    '].join("");',
    "",
  ].join("\n");
}
