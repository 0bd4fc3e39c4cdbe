import { expectError, expectType } from "tsd";
import { UnexpectedEofError } from "../../mod.ts";

const error = new UnexpectedEofError(new Uint8Array(2), 4);
expectType<Uint8Array>(error.partial);
expectType<number>(error.wanted);
expectError(new UnexpectedEofError("two", 4));
