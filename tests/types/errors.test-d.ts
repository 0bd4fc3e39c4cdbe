import { expectError, expectType } from "tsd";
import { UnexpectedEofError } from "../../mod.ts";

const error = new UnexpectedEofError(new Uint8Array(2), 4);
expectType<Uint8Array>(error.partial);
expectType<number>(error.wanted);
expectError(new UnexpectedEofError("two", 4));
expectType<UnexpectedEofError>(error);
const asError: Error = error;
expectType<string>(asError.message);
expectError(new UnexpectedEofError(new Uint8Array(2)));
expectError(new UnexpectedEofError(new Uint8Array(2), "4"));
expectError(error.partial = new Uint8Array(1));
expectError(error.wanted = 1);
expectType<number>(error.received);
expectType<UnexpectedEofError>(new UnexpectedEofError(new Uint8Array(0), 4, { received: 3 }));
expectType<UnexpectedEofError>(new UnexpectedEofError(new Uint8Array(0), 4, { source: "file" }));
expectError(new UnexpectedEofError(new Uint8Array(0), 4, { received: "3" }));
expectError(error.received = 1);
