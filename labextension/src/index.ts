/**
 * nmt-course-quiz: answer forms for nmt-course quizzes in JupyterLab 4 and
 * Notebook 7, and keyboard-safe widgets.
 *
 * - `nmt-course-quiz:forms` draws a form above every quiz answer cell (cells
 *   with `metadata.nmt_course.answer`, written by `nmt-course quiz build`).
 * - `nmt-course-quiz:keys` keeps the keys pressed in a form or in any
 *   ipywidget control away from the notebook's shortcuts.
 */

import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { INotebookTracker } from '@jupyterlab/notebook';

import { installKeyGuard } from './keys';
import { NotebookForms } from './notebook';

const forms: JupyterFrontEndPlugin<void> = {
  id: 'nmt-course-quiz:forms',
  description: 'Answer forms above nmt-course quiz answer cells.',
  autoStart: true,
  requires: [INotebookTracker],
  activate: (_app: JupyterFrontEnd, tracker: INotebookTracker) => {
    tracker.widgetAdded.connect((_sender, panel) => {
      new NotebookForms(panel);
    });
  }
};

const keys: JupyterFrontEndPlugin<void> = {
  id: 'nmt-course-quiz:keys',
  description: 'Keys pressed in a form control or an ipywidget do not trigger notebook shortcuts.',
  autoStart: true,
  activate: () => {
    installKeyGuard(window);
  }
};

export default [forms, keys];
