/**
 * Draw an answer form above every answer cell of a notebook, and keep it so
 * as cells are added, moved, deleted, changed type or lose their record.
 */

import { Cell } from '@jupyterlab/cells';
import { NotebookPanel } from '@jupyterlab/notebook';
import { PanelLayout } from '@lumino/widgets';

import { AnswerForm } from './form';
import { IAnswerRecord, readRecord } from './record';

const ANSWER_CELL_CLASS = 'nmt-answer-cell';

function fits(cell: Cell, record: IAnswerRecord): boolean {
  const kind = cell.model.type;
  return record.type === 'written' ? kind === 'markdown' : kind === 'code';
}

export class NotebookForms {
  constructor(private readonly panel: NotebookPanel) {
    panel.context.ready.then(() => this.watch()).catch(() => undefined);
  }

  /** Forms drawn so far (tests and the benchmark count them in the page). */
  get count(): number {
    return this.forms.size;
  }

  private watch(): void {
    const notebook = this.panel.content;
    notebook.model?.cells.changed.connect(this.schedule, this);
    notebook.modelChanged.connect(() => {
      notebook.model?.cells.changed.connect(this.schedule, this);
      this.schedule();
    });
    this.scan();
  }

  private schedule(): void {
    if (!this.pending) {
      this.pending = true;
      window.setTimeout(() => {
        this.pending = false;
        if (!this.panel.isDisposed) {
          this.scan();
        }
      }, 0);
    }
  }

  private scan(): void {
    for (const [cell, form] of [...this.forms]) {
      if (cell.isDisposed || form.isDisposed) {
        this.forms.delete(cell);
      }
    }
    for (const cell of this.panel.content.widgets) {
      this.ensure(cell);
    }
  }

  private ensure(cell: Cell): void {
    if (!this.watched.has(cell)) {
      this.watched.add(cell);
      cell.model.metadataChanged.connect(() => this.ensure(cell));
    }
    const record = readRecord(cell.model.getMetadata('nmt_course'));
    const current = this.forms.get(cell);
    if (current && (!record || JSON.stringify(record) !== JSON.stringify(current.record))) {
      current.dispose();
      this.forms.delete(cell);
      cell.removeClass(ANSWER_CELL_CLASS);
    } else if (current) {
      return;
    }
    if (!record || !fits(cell, record)) {
      return;
    }
    void cell.ready.then(() => {
      if (cell.isDisposed || this.forms.has(cell)) {
        return;
      }
      const form = new AnswerForm(record, cell, this.panel.sessionContext);
      (cell.layout as PanelLayout).insertWidget(1, form); // under the cell's header, above its input
      cell.addClass(ANSWER_CELL_CLASS);
      this.forms.set(cell, form);
    });
  }

  private readonly forms = new Map<Cell, AnswerForm>();
  private readonly watched = new WeakSet<Cell>();
  private pending = false;
}
