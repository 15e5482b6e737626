/** The benchmark's result rows and their table, shared by the orchestrator and its child scripts. */

export type Status = 'PASS' | 'MISS' | 'FAIL' | '';

export interface Figure {
  step: string;
  name: string;
  value: string;
  goal: string;
  status: Status;
}

/** Collects figures: plain, with a goal (PASS/MISS), or a correctness check (PASS/FAIL). */
export class Figures {
  readonly rows: Figure[] = [];

  figure(step: string, name: string, value: string, goal = '', status: Status = ''): void {
    this.rows.push({ step, name, value, goal, status });
  }

  goal(step: string, name: string, value: string, goalText: string, ok: boolean): void {
    this.figure(step, name, value, goalText, ok ? 'PASS' : 'MISS');
  }

  check(step: string, name: string, value: string, expected: string, ok: boolean): void {
    this.figure(step, name, value, expected, ok ? 'PASS' : 'FAIL');
  }
}

/** The figures as a terminal table (CJK characters take two columns). */
export function figureTable(rows: readonly Figure[]): string {
  const head = ['#', 'figure', 'value', 'goal', 'result'];
  const cells = rows.map((f) => [f.step, f.name, f.value, f.goal, f.status]);
  const wide = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
  const width = (s: string) => [...s].reduce((w, c) => w + (wide.test(c) ? 2 : 1), 0);
  const widths = head.map((h, i) => Math.max(width(h), ...cells.map((r) => width(r[i]))));
  const line = (c: string[]) => c.map((x, i) => x + ' '.repeat(widths[i] - width(x))).join(' │ ');
  return [line(head), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...cells.map(line)].join('\n');
}
