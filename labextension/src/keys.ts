/**
 * Keys pressed in a form control never reach the notebook's shortcuts.
 *
 * JupyterLab and Notebook 7 read shortcuts from every key press in the page
 * (command mode: ↑/↓ select another cell, A/B insert cells, D D deletes one).
 * A radio button, a select list or a button in an ipywidget or in an answer
 * form needs those keys itself: ↑/↓ change the choice, letters jump in a list,
 * Space and Enter press. So, while such a control has the focus, a key with no
 * Ctrl/Cmd modifier is marked with Lumino's `data-lm-suppress-shortcuts`
 * for the length of that one key press, and the browser and the control
 * handle it as on any web page. Ctrl/Cmd shortcuts (Ctrl + S), Shift + Enter,
 * Escape and Tab still work as usual.
 */

// Answer forms, and anything in a cell's output: ipywidgets (radio buttons, lists, sliders, buttons), anywidgets...
const SCOPES = '.nmt-answer-form, .jp-OutputArea-output';
const CONTROLS = 'input, select, textarea, button, [role="radio"], [role="listbox"], [role="option"], [role="slider"], [tabindex]';
// ...but not the cell or output containers themselves: there the arrow keys still move between cells
const CONTAINERS = '.jp-Cell, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output';
const ATTRIBUTE = 'data-lm-suppress-shortcuts';
const PASS = new Set(['Escape', 'Tab']);

/** Should this key press go to the control rather than to the notebook's shortcuts? */
export function keepForControl(event: KeyboardEvent): boolean {
  const target = event.target;
  if (!(target instanceof Element) || !target.closest(SCOPES) || !target.matches(CONTROLS) || target.matches(CONTAINERS)) {
    return false;
  }
  if (event.ctrlKey || event.metaKey || PASS.has(event.key) || /^F\d+$/.test(event.key)) {
    return false;
  }
  if (event.key === 'Enter' && event.shiftKey) {
    return false; // Shift + Enter still runs the cell
  }
  return true;
}

/** Install the guard on `win` (capture phase, so it runs before the application's own listener). */
export function installKeyGuard(win: Window = window): () => void {
  const onKeydown = (event: KeyboardEvent) => {
    if (!keepForControl(event)) {
      return;
    }
    const target = event.target as Element;
    if (target.hasAttribute(ATTRIBUTE)) {
      return;
    }
    target.setAttribute(ATTRIBUTE, '');
    // Lumino matches shortcuts synchronously during this key press; take the mark off afterwards.
    win.setTimeout(() => target.removeAttribute(ATTRIBUTE), 0);
  };
  win.addEventListener('keydown', onKeydown, true);
  return () => win.removeEventListener('keydown', onKeydown, true);
}
