// A module with nothing to scan with: no default export, no `scan`.
export const scanner = "not a function";
