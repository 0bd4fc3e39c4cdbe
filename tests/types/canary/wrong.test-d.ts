// Deliberately wrong: `npm test` requires tsd to FAIL here, proving the type tests are checked.
/// <reference path="../_deno_ffi.d.ts" />
import { expectType } from "tsd";
import { UnexpectedEofError } from "../../../mod.ts";

expectType<string>(new UnexpectedEofError(new Uint8Array(2), 4).wanted);
