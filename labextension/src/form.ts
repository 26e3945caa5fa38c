/**
 * The answer form drawn above one answer cell.
 *
 * Every choice writes the literal into the cell's source (`q03 = "B"`), so
 * the cell stays an ordinary code cell and every grader reads it as a typed
 * answer. The form follows the cell too: an answer typed in the cell shows
 * in the form when the form can read it, and the status line says when it
 * cannot. After a choice the cell is run (when a kernel is there), so that
 * "Check my answers" sees it without a Run All.
 */

import { Cell, CodeCell, MarkdownCell } from '@jupyterlab/cells';
import { ISessionContext } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { buildControl, IControl } from './controls';
import { assignedValue, PyValue, pyLiteral } from './literal';
import { IAnswerRecord } from './record';

/** nbgrader's text stub: what a written answer cell holds before the student writes. */
export const WRITTEN_STUB = 'YOUR ANSWER HERE';
const RUN_DELAY = 400;

export class AnswerForm extends Widget {
  constructor(
    readonly record: IAnswerRecord,
    private readonly cell: Cell,
    private readonly session: ISessionContext | null
  ) {
    super();
    this.addClass('nmt-answer-form');
    const node = this.node;
    node.setAttribute('role', 'group');
    const title = document.createElement('div');
    title.className = 'nmt-af-title';
    title.id = `nmt-af-title-${AnswerForm.count++}`;
    title.textContent = record.type === 'written' ? `Your answer to question ${record.number}` : `Answer question ${record.number}`;
    node.setAttribute('aria-labelledby', title.id);
    const clear = document.createElement('button');
    clear.type = 'button';
    clear.className = 'nmt-af-button nmt-af-clear';
    clear.textContent = 'Clear my answer';
    clear.setAttribute('aria-label', `Clear my answer to question ${record.number}`);
    clear.addEventListener('click', () => {
      this.choose(null);
      this.control.show(null);
    });
    this.control = buildControl(record, value => this.choose(value));
    this.status = document.createElement('p');
    this.status.className = 'nmt-af-status';
    this.status.setAttribute('role', 'status');
    // the choices come first in the Tab order; the status line and Clear after them
    const foot = document.createElement('div');
    foot.className = 'nmt-af-foot';
    foot.append(this.status, clear);
    node.append(title, this.control.node, foot);
    // Escape leaves the form: the focus goes back to the cell, in command mode, as from any cell's editor
    node.addEventListener('keydown', event => {
      if (event.key === 'Escape') {
        cell.node.focus();
      }
    });
    cell.model.contentChanged.connect(this.follow, this);
    this.follow();
  }

  /** The literal written into the cell for a choice (what the benchmark and tests read). */
  sourceFor(value: PyValue | null): string {
    if (this.record.type === 'written') {
      return typeof value === 'string' && value.trim() ? value : WRITTEN_STUB;
    }
    return `${this.record.variable} = ${value === null ? 'None' : pyLiteral(value)}`;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    window.clearTimeout(this.timer);
    this.cell.model?.contentChanged.disconnect(this.follow, this);
    super.dispose();
  }

  private choose(value: PyValue | null): void {
    const source = this.sourceFor(value);
    this.written = source;
    if (this.cell.model.sharedModel.getSource() !== source) {
      this.cell.model.sharedModel.setSource(source);
    }
    this.say(value === null ? 'none' : 'saved', source);
    this.scheduleRun();
  }

  /** Show what the cell holds (after a student typed in it, or when the form is first drawn). */
  private follow(): void {
    const source = this.cell.model.sharedModel.getSource();
    if (source === this.written) {
      return;
    }
    this.written = source;
    if (this.record.type === 'written') {
      const text = source.trim() === WRITTEN_STUB || !source.trim() ? null : source;
      this.control.show(text);
      this.say(text === null ? 'none' : 'saved', source);
      return;
    }
    const { found, value } = assignedValue(source, this.record.variable ?? '');
    if (found && value === null) {
      this.control.show(null);
      this.say('none', source);
    } else if (found && this.control.show(value)) {
      this.say('saved', source);
    } else {
      this.control.show(undefined);
      this.say('unreadable', source);
    }
  }

  private say(state: 'none' | 'saved' | 'unreadable', source: string): void {
    this.node.dataset.state = state;
    const line = source.split('\n').find(l => this.record.variable && l.trim().startsWith(this.record.variable)) ?? source;
    const code = document.createElement('code');
    if (state === 'none') {
      this.status.textContent = 'Not answered yet.';
      return;
    }
    if (this.record.type === 'written') {
      this.status.textContent = 'Your answer is written into the cell below. Save the notebook (Ctrl + S) when you are done.';
      return;
    }
    if (state === 'saved') {
      code.textContent = line.trim();
      this.status.replaceChildren('✔ Written into the answer cell below: ', code);
    } else {
      code.textContent = line.trim().slice(0, 120);
      this.status.replaceChildren(
        '⚠ The answer cell below holds an answer this form cannot show: ',
        code,
        '. Choose here to replace it, or fix it in the cell.'
      );
    }
  }

  private scheduleRun(): void {
    if (!(this.cell instanceof CodeCell) || !this.session) {
      if (this.cell instanceof MarkdownCell) {
        this.cell.rendered = true;
      }
      return;
    }
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      const cell = this.cell as CodeCell;
      if (!this.isDisposed && this.session?.session?.kernel) {
        void CodeCell.execute(cell, this.session).catch(() => undefined);
      }
    }, RUN_DELAY);
  }

  private static count = 0;
  private readonly control: IControl;
  private readonly status: HTMLParagraphElement;
  private written: string | null = null;
  private timer = 0;
}
