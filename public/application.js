// An application's draft, with JavaScript: saved a moment after each change (the page's own
// form, posted in the background), conditional questions shown only when they apply. Without
// this file the form works the same, with its Save button; the server applies the conditions.
(() => {
  const form = document.querySelector('form[data-autosave]');
  if (!form) return;
  const status = document.getElementById('save-status');
  const version = form.querySelector('input[name="version"]');
  const msg = form.dataset;
  let timer = null;
  let inFlight = null;
  let dirty = false;
  let stopped = false;

  const say = (text) => {
    if (status) status.textContent = text;
  };
  const now = () =>
    new Date().toLocaleTimeString(document.documentElement.lang, {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });

  // --- conditional questions ---------------------------------------------------------------
  const valuesOf = (name) =>
    [...form.elements]
      .filter((el) => el.name === name && (!/^(radio|checkbox)$/.test(el.type) || el.checked))
      .map((el) => el.value);
  const applyConditions = () => {
    for (const block of form.querySelectorAll('[data-show-if]')) {
      const wanted = block.dataset.equals;
      const shown = valuesOf(`a.${block.dataset.showIf}`).includes(wanted);
      const visibleBefore = !block.hidden;
      block.hidden = !shown;
      if (visibleBefore !== shown) block.toggleAttribute('data-hidden-by-condition', !shown);
    }
  };

  // --- messages next to the fields -----------------------------------------------------------
  const clearMessages = () => {
    for (const p of form.querySelectorAll('.autosave-error')) {
      p.closest('.field')?.classList.remove('field-error');
      p.remove();
    }
  };
  const showMessages = (fields) => {
    for (const [path, text] of Object.entries(fields || {})) {
      const control = document.getElementById(`champ-${path.replaceAll('.', '-')}`);
      const block = control?.closest('.field');
      if (!block) continue;
      block.classList.add('field-error');
      const p = document.createElement('p');
      p.className = 'error autosave-error';
      p.textContent = text;
      const anchor = block.querySelector('legend, label');
      anchor ? anchor.after(p) : block.prepend(p);
    }
  };

  // --- saving --------------------------------------------------------------------------------
  const body = () => {
    const data = new URLSearchParams(new FormData(form));
    data.set('intent', 'save');
    return data;
  };
  const save = async () => {
    timer = null;
    if (stopped || !dirty) return;
    if (inFlight) {
      await inFlight;
      return save();
    }
    dirty = false;
    say(msg.msgSaving);
    inFlight = fetch(form.action, {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: body(),
      credentials: 'same-origin',
    })
      .then(async (response) => {
        const answer = await response.json().catch(() => ({}));
        clearMessages();
        if (response.ok) {
          version.value = String(answer.version);
          say(msg.msgSaved.replace('{time}', now()));
        } else if (answer.error?.code === 'STALE_VERSION') {
          stopped = true;
          say(msg.msgConflict);
        } else if (answer.error?.fields) {
          showMessages(answer.error.fields);
          say(msg.msgInvalid);
        } else {
          dirty = true;
          say(answer.error?.message || msg.msgOffline);
        }
      })
      .catch(() => {
        dirty = true;
        say(msg.msgOffline);
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
  const soon = (delay) => {
    dirty = true;
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, delay);
  };

  form.addEventListener('input', () => soon(1500));
  form.addEventListener('change', () => {
    applyConditions();
    soon(300);
  });
  // a button's own post waits for a background save under way, so it carries the new version
  form.addEventListener('submit', (event) => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!inFlight) return;
    event.preventDefault();
    const button = event.submitter;
    inFlight.then(() => form.requestSubmit(button));
  });
  applyConditions();
})();
