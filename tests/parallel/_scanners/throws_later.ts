// A scanner whose error escapes its promise (thrown from a timer): the Worker's own error event,
// not its answer, must fail the scan. It then waits forever, as if still scanning.
export default function throwsLater(): Promise<never> {
  setTimeout(() => {
    throw new Error("thrown outside the scanner's promise");
  }, 0);
  return new Promise(() => {});
}
