/** What a scenario reports: one PASS or FAIL line per check, NOTE lines for what it could not check. */
export interface E2eReport {
  check(ok: boolean, name: string, detail?: string): boolean;
  note(text: string): void;
}

/** The e2e's report on stdout, counting what passed and failed for the final line. */
export class Report implements E2eReport {
  passed = 0;
  failed = 0;
  check(ok: boolean, name: string, detail?: string): boolean {
    if (ok) this.passed++;
    else this.failed++;
    process.stdout.write(`${ok ? 'PASS' : 'FAIL'} ${name}${!ok && detail ? `\n     ${detail.trim().split('\n').slice(-15).join('\n     ')}` : ''}\n`);
    return ok;
  }
  note(text: string): void {
    process.stdout.write(`NOTE ${text}\n`);
  }
}
