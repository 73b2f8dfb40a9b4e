/**
 * Work that follows an answer instead of delaying it: the mails of the account forms. A form
 * about an address answers at once and in the same time whether the address has an account or
 * not; what the answer would have waited for (looking the account up, making its link, sending
 * the mail) happens afterwards, one task at a time, in the order asked. A task that fails is
 * reported and the next one runs. Tasks live in the process: one that has not run when the
 * process dies is lost (the person asks again).
 */
export function afterAnswer() {
  let tail: Promise<void> = Promise.resolve();
  let report: (error: unknown) => void = (error) => {
    process.stderr.write(`a mail after the answer failed: ${String(error)}\n`);
  };
  return {
    run(work: () => Promise<void>): void {
      tail = tail.then(work).catch((error: unknown) => report(error));
    },
    /** resolves once everything asked so far is done (the server waits for it as it stops) */
    settled(): Promise<void> {
      return tail;
    },
    /** where failures go (the server's log) */
    reportTo(fn: (error: unknown) => void): void {
      report = fn;
    },
  };
}

export type AfterAnswer = ReturnType<typeof afterAnswer>;
