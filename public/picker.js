// Choosing an organisation of the register on the relations and funding forms. Without this file
// the box and its "Search" button send the form back with the matches to tick. With it, the box
// is a combobox (WAI-ARIA 1.2 pattern): suggestions from the directory's API as you type, arrow
// keys to move, Enter or a click to choose, Escape to close; the choice is ticked in place.
// A classic script (loaded with defer): strict, so that the functions below stay in this block
// biome-ignore lint/suspicious/noRedundantUseStrict: the browser runs this file as a script, not a module
'use strict';
{
  /** the listbox of suggestions under the box, and the status line that announces them */
  function addPopup(picker, input, name) {
    const listbox = document.createElement('ul');
    listbox.id = `${input.id}-listbox`;
    listbox.setAttribute('role', 'listbox');
    listbox.setAttribute('aria-label', picker.querySelector('legend')?.textContent || name);
    listbox.hidden = true;
    input.closest('.field').appendChild(listbox);
    const status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    picker.appendChild(status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', listbox.id);
    return { listbox, status };
  }

  /** how many suggestions there are, in the words the page gave (data-empty, -one, -many) */
  function countText(picker, count) {
    const d = picker.dataset;
    if (count === 0) return d.empty || '';
    if (count === 1) return d.one || '';
    return (d.many || '').replace('%n', String(count));
  }

  /** an organisation ticked among those chosen, as the page itself lists them */
  function chosenEntry(name, item, multiple) {
    const li = document.createElement('li');
    const box = document.createElement('input');
    box.type = multiple ? 'checkbox' : 'radio';
    box.name = `${name}_id`;
    box.value = item.id;
    box.id = `${name}-chosen-${item.id}`;
    box.checked = true;
    const label = document.createElement('label');
    label.htmlFor = box.id;
    label.textContent = item.name;
    li.append(box, ' ', label);
    return li;
  }

  /** the register's organisations matching the text, but the profile's own; null on a failure */
  async function suggestions(q, exclude, signal) {
    const url = `/api/v1/organisations?per_page=8&q=${encodeURIComponent(q)}`;
    const res = await fetch(url, { signal });
    if (!res.ok) return null;
    const body = await res.json();
    return (body.items || [])
      .filter((o) => o.id !== exclude)
      .map((o) => ({ id: o.id, name: o.name }));
  }

  function enhance(picker) {
    const name = picker.dataset.picker;
    const multiple = picker.dataset.multiple === '1';
    const exclude = picker.dataset.exclude;
    const input = picker.querySelector(`input[name="${name}_q"]`);
    const chosen = picker.querySelector('[data-chosen]');
    if (!input || !chosen) return;
    const chosenTitle = picker.querySelector('.picker-chosen-title');
    const { listbox, status } = addPopup(picker, input, name);

    let items = [];
    let active = -1;
    let timer;
    let controller;

    function close() {
      listbox.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function highlight(index) {
      const options = listbox.querySelectorAll('[role="option"]');
      active = index;
      options.forEach((o, i) => {
        o.setAttribute('aria-selected', i === index ? 'true' : 'false');
      });
      const current = options[index];
      if (current) {
        input.setAttribute('aria-activedescendant', current.id);
        current.scrollIntoView({ block: 'nearest' });
      } else input.removeAttribute('aria-activedescendant');
    }

    function render() {
      listbox.textContent = '';
      items.forEach((item, i) => {
        const li = document.createElement('li');
        li.id = `${listbox.id}-${i}`;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.textContent = item.name;
        li.addEventListener('mousedown', (event) => {
          event.preventDefault();
          choose(item);
        });
        listbox.appendChild(li);
      });
      status.textContent = countText(picker, items.length);
      listbox.hidden = items.length === 0;
      input.setAttribute('aria-expanded', items.length ? 'true' : 'false');
      active = -1;
    }

    function choose(item) {
      const existing = chosen.querySelector(`input[value="${item.id}"]`);
      if (!multiple) {
        // one organisation: the new choice replaces the previous one, and any ticked match
        for (const box of picker.querySelectorAll(`input[name="${name}_id"]`)) box.checked = false;
        for (const li of [...chosen.children]) if (li !== existing?.closest('li')) li.remove();
      }
      if (existing) existing.checked = true;
      else chosen.appendChild(chosenEntry(name, item, multiple));
      chosen.hidden = false;
      if (chosenTitle) chosenTitle.hidden = false;
      input.value = '';
      close();
      status.textContent = `${chosenTitle ? chosenTitle.textContent : ''} — ${item.name}`;
      input.focus();
    }

    async function suggest() {
      const q = input.value.trim();
      if (q.length < 2) {
        items = [];
        close();
        return;
      }
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const found = await suggestions(q, exclude, controller.signal);
        if (!found) return;
        items = found;
        render();
      } catch (error) {
        if (error.name !== 'AbortError') close();
      }
    }

    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(suggest, 200);
    });
    input.addEventListener('keydown', (event) => {
      const open = !listbox.hidden && items.length > 0;
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        if (!open) suggest();
        else highlight(Math.min(items.length - 1, active + 1));
      } else if (event.key === 'ArrowUp' && open) {
        event.preventDefault();
        highlight(Math.max(0, active - 1));
      } else if (event.key === 'Enter' && open && active >= 0) {
        event.preventDefault();
        choose(items[active]);
      } else if (event.key === 'Escape' && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener('blur', () => setTimeout(close, 150));
  }

  if (window.fetch)
    for (const picker of document.querySelectorAll('[data-picker]')) enhance(picker);
}
