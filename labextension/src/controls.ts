/**
 * One answer control per question type, in plain DOM with native inputs:
 * radio buttons, checkboxes, an ordered list with Move up / Move down,
 * drop-downs, a number box, a searchable list of body regions, a text area.
 *
 * A control reports the student's choice with `emit(value)` (`null` = no
 * answer) and shows a typed answer with `show(value)`, which says whether
 * it could (a typed answer the form cannot show leaves the control blank).
 */

import { PyValue } from './literal';
import { IAnswerRecord, matchPairs, numberValue, optionId, optionIds, regionLabel } from './record';

export interface IControl {
  node: HTMLElement;
  show(value: PyValue | undefined): boolean;
  /** The control's own text for the status line (e.g. the region's name); optional. */
  describe?(value: PyValue): string;
}

export type Emit = (value: PyValue | null) => void;

let counter = 0;
function uid(prefix: string): string {
  counter += 1;
  return `nmt-af-${prefix}-${counter}`;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) {
    node.className = cls;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function option(kind: 'radio' | 'checkbox', name: string, id: string, text: string): [HTMLLabelElement, HTMLInputElement] {
  const label = el('label', 'nmt-af-option');
  const input = el('input');
  input.type = kind;
  input.name = name;
  input.value = id;
  label.append(input, el('span', 'nmt-af-letter', id), el('span', 'nmt-af-text', text));
  return [label, input];
}

function choiceList(record: IAnswerRecord, emit: Emit, multiple: boolean): IControl {
  const options = record.options ?? [];
  const node = el('fieldset', 'nmt-af-choices');
  node.append(el('legend', 'nmt-af-legend', multiple ? 'Choose every answer that applies' : 'Choose one answer'));
  const name = uid('choice');
  const inputs = options.map(([id, text]) => {
    const [label, input] = option(multiple ? 'checkbox' : 'radio', name, id, text);
    node.append(label);
    return input;
  });
  node.addEventListener('change', () => {
    const chosen = inputs.filter(i => i.checked).map(i => i.value);
    emit(multiple ? (chosen.length ? chosen : null) : chosen[0] ?? null);
  });
  return {
    node,
    show(value) {
      let chosen: string[] | undefined;
      if (value === null) {
        chosen = [];
      } else if (value === undefined) {
        chosen = undefined;
      } else if (multiple) {
        chosen = optionIds(options, value);
      } else {
        const one = optionId(options, value);
        chosen = one ? [one] : undefined;
      }
      inputs.forEach(i => (i.checked = !!chosen && chosen.includes(i.value)));
      return chosen !== undefined;
    }
  };
}

function ordering(record: IAnswerRecord, emit: Emit): IControl {
  const options = record.options ?? [];
  const texts = new Map(options);
  let order = options.map(o => o[0]);
  let answered = false;
  const node = el('div', 'nmt-af-ordering');
  const hint = el('p', 'nmt-af-hint', 'First at the top. Move an item with its ↑ and ↓ buttons, or focus it and press Alt + ↑ / Alt + ↓.');
  const list = el('ol', 'nmt-af-order');
  const keep = el('button', 'nmt-af-button nmt-af-keep', 'Use this order as my answer');
  keep.type = 'button';
  const announce = el('p', 'nmt-af-visually-hidden');
  announce.setAttribute('aria-live', 'polite');
  node.append(hint, list, keep, announce);

  const commit = () => {
    answered = true;
    emit([...order]);
    draw();
  };
  const move = (from: number, to: number, focus: 'up' | 'down' | 'item') => {
    if (to < 0 || to >= order.length) {
      return;
    }
    const [item] = order.splice(from, 1);
    order.splice(to, 0, item);
    commit();
    announce.textContent = `${texts.get(item)} is now number ${to + 1} of ${order.length}.`;
    const row = list.children[to] as HTMLElement;
    const target = focus === 'item' ? row : (row.querySelector(`.nmt-af-move-${focus}`) as HTMLButtonElement);
    (target && !(target as HTMLButtonElement).disabled ? target : row).focus();
  };
  const draw = () => {
    list.replaceChildren(
      ...order.map((id, i) => {
        const text = texts.get(id) ?? id;
        const row = el('li', 'nmt-af-item');
        row.tabIndex = 0;
        row.setAttribute('aria-label', `Number ${i + 1}: ${id}. ${text}`);
        const up = el('button', 'nmt-af-button nmt-af-move-up', '↑');
        const down = el('button', 'nmt-af-button nmt-af-move-down', '↓');
        up.type = down.type = 'button';
        up.setAttribute('aria-label', `Move up: ${text}`);
        down.setAttribute('aria-label', `Move down: ${text}`);
        up.title = 'Move up';
        down.title = 'Move down';
        up.disabled = i === 0;
        down.disabled = i === order.length - 1;
        up.addEventListener('click', () => move(i, i - 1, 'up'));
        down.addEventListener('click', () => move(i, i + 1, 'down'));
        row.addEventListener('keydown', event => {
          if (event.target !== row || !event.altKey) {
            return;
          }
          if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
            event.preventDefault();
            move(i, event.key === 'ArrowUp' ? i - 1 : i + 1, 'item');
          }
        });
        row.append(el('span', 'nmt-af-position', String(i + 1)), el('span', 'nmt-af-letter', id), el('span', 'nmt-af-text', text), up, down);
        return row;
      })
    );
    keep.hidden = answered;
    node.classList.toggle('nmt-af-unanswered', !answered);
  };
  keep.addEventListener('click', () => {
    commit();
    (list.firstElementChild as HTMLElement | null)?.focus();
  });
  draw();
  return {
    node,
    show(value) {
      if (value === null || value === undefined) {
        order = options.map(o => o[0]);
        answered = false;
        draw();
        return value === null;
      }
      const ids = optionIds(options, value);
      const complete = ids && ids.length === options.length && new Set(ids).size === ids.length;
      if (complete) {
        order = ids;
        answered = true;
      } else {
        order = options.map(o => o[0]);
        answered = false;
      }
      draw();
      return !!complete;
    }
  };
}

function matching(record: IAnswerRecord, emit: Emit): IControl {
  const node = el('div', 'nmt-af-matching');
  const selects = (record.options ?? []).map(([id, text]) => {
    const row = el('div', 'nmt-af-pair');
    const label = el('label', 'nmt-af-prompt');
    const select = el('select', 'nmt-af-select');
    select.id = uid('match');
    label.htmlFor = select.id;
    label.append(el('span', 'nmt-af-letter', id), el('span', 'nmt-af-text', text));
    const blank = el('option', undefined, '(choose a match)');
    blank.value = '';
    select.append(blank);
    for (const [cid, ctext] of record.choices ?? []) {
      const opt = el('option', undefined, `${cid}. ${ctext}`);
      opt.value = cid;
      select.append(opt);
    }
    row.append(label, select);
    node.append(row);
    return [id, select] as const;
  });
  node.addEventListener('change', () => {
    const chosen = selects.filter(([, s]) => s.value);
    emit(chosen.length ? { dict: chosen.map(([id, s]) => [id, s.value]) } : null);
  });
  return {
    node,
    show(value) {
      const pairs = value === null ? new Map<string, string>() : value === undefined ? undefined : matchPairs(record, value);
      selects.forEach(([id, s]) => (s.value = pairs?.get(id) ?? ''));
      return pairs !== undefined;
    }
  };
}

function numeric(record: IAnswerRecord, emit: Emit): IControl {
  const node = el('div', 'nmt-af-numeric');
  const label = el('label', 'nmt-af-number');
  const input = el('input');
  input.type = 'number';
  input.step = 'any';
  input.inputMode = 'decimal';
  label.append(el('span', 'nmt-af-prompt-text', 'Your number'), input);
  if (record.unit) {
    label.append(el('span', 'nmt-af-unit', record.unit));
  }
  node.append(label);
  input.addEventListener('input', () => {
    const text = input.value.trim();
    if (!text) {
      emit(null);
    } else if (input.validity.valid && /^-?\d+(\.\d+)?$/.test(text)) {
      emit(Number(text));
    }
  });
  return {
    node,
    show(value) {
      const n = value === null || value === undefined ? undefined : numberValue(value);
      if (document.activeElement !== input) {
        input.value = n === undefined ? '' : String(n);
      }
      return n !== undefined || value === null;
    }
  };
}

function hotspot(record: IAnswerRecord, emit: Emit): IControl {
  const groups = record.regions ?? [];
  const total = groups.reduce((n, [, labels]) => n + labels.length, 0);
  const node = el('div', 'nmt-af-hotspot');
  const searchLabel = el('label', 'nmt-af-search');
  const search = el('input');
  search.type = 'search';
  search.placeholder = 'e.g. knee, temple, jaw';
  searchLabel.append(el('span', 'nmt-af-prompt-text', 'Find a body region'), search);
  const count = el('p', 'nmt-af-count');
  count.setAttribute('aria-live', 'polite');
  // every region is a radio button whose label wraps: long names stay whole at any width
  const list = el('fieldset', 'nmt-af-regions');
  list.id = uid('regions');
  list.append(el('legend', 'nmt-af-visually-hidden', 'Body regions'));
  search.setAttribute('aria-controls', list.id);
  node.append(searchLabel, count, list);
  const name = uid('region');
  const rows: Array<{ label: string; hay: string; row: HTMLLabelElement; input: HTMLInputElement; group: HTMLElement }> = [];
  for (const [area, labels] of groups) {
    const group = el('div', 'nmt-af-region-group');
    group.setAttribute('role', 'group');
    const heading = el('div', 'nmt-af-region-area', area);
    heading.id = uid('area');
    group.setAttribute('aria-labelledby', heading.id);
    group.append(heading);
    for (const label of labels) {
      const [row, input] = option('radio', name, label, label);
      row.querySelector('.nmt-af-letter')?.remove();
      row.classList.add('nmt-af-region');
      group.append(row);
      rows.push({ label, hay: `${label} ${area}`.toLowerCase(), row, input, group });
    }
    list.append(group);
  }
  const visible = () => rows.filter(r => !r.row.hidden);
  const filter = () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const r of rows) {
      r.row.hidden = !(r.input.checked || words.every(w => r.hay.includes(w)));
    }
    for (const g of list.querySelectorAll<HTMLElement>('.nmt-af-region-group')) {
      g.hidden = ![...g.querySelectorAll<HTMLElement>('.nmt-af-region')].some(row => !row.hidden);
    }
    const shown = visible().filter(r => !r.input.checked || words.every(w => r.hay.includes(w))).length;
    count.textContent = words.length
      ? `${shown} of ${total} regions match “${search.value.trim()}”.`
      : `${total} regions. Type to narrow the list.`;
  };
  const pick = (r: (typeof rows)[number]) => {
    r.input.checked = true;
    r.input.focus();
    emit(r.label);
  };
  search.addEventListener('input', filter);
  search.addEventListener('keydown', event => {
    const shown = visible();
    if ((event.key === 'ArrowDown' || event.key === 'Enter') && shown.length) {
      event.preventDefault();
      pick(shown.find(r => r.input.checked) ?? shown[0]);
    }
  });
  list.addEventListener('change', () => {
    const chosen = rows.find(r => r.input.checked);
    emit(chosen ? chosen.label : null);
  });
  filter();
  return {
    node,
    show(value) {
      const label = value === null ? '' : value === undefined ? undefined : regionLabel(record, value);
      rows.forEach(r => (r.input.checked = r.label === label));
      filter();
      return label !== undefined;
    }
  };
}

function written(emit: Emit): IControl {
  const node = el('div', 'nmt-af-written');
  const label = el('label', 'nmt-af-textarea');
  const area = el('textarea');
  area.rows = 6;
  area.placeholder = 'Your answer in a few sentences.';
  label.append(el('span', 'nmt-af-prompt-text', 'Your written answer'), area);
  node.append(label);
  area.addEventListener('input', () => emit(area.value.trim() ? area.value : null));
  return {
    node,
    show(value) {
      if (document.activeElement !== area) {
        area.value = typeof value === 'string' ? value : '';
      }
      return true;
    }
  };
}

export function buildControl(record: IAnswerRecord, emit: Emit): IControl {
  switch (record.type) {
    case 'single':
      return choiceList(record, emit, false);
    case 'multiple':
      return choiceList(record, emit, true);
    case 'ordering':
      return ordering(record, emit);
    case 'matching':
      return matching(record, emit);
    case 'numeric':
      return numeric(record, emit);
    case 'hotspot':
      return hotspot(record, emit);
    case 'written':
      return written(emit);
  }
}
