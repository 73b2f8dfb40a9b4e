// Search as you type on /annuaire. The page works without this file: the form is a plain GET.
// With it, typing or ticking a filter fetches the same page and swaps the results in place,
// keeping the address shareable.
(() => {
  const form = document.getElementById('directory-form');
  const region = document.getElementById('directory-results');
  if (!form || !region || !window.fetch || !window.URLSearchParams) return;
  let timer;
  let controller;

  // On a narrow screen the filters fold under their summary, so that the results follow the
  // search box; they stay as the visitor left them while the results are replaced around them.
  const narrow = window.matchMedia ? window.matchMedia('(max-width: 50rem)') : null;
  let panelOpen = !narrow?.matches;
  function placePanel() {
    const panel = document.getElementById('facets-panel');
    if (panel) panel.open = narrow?.matches ? panelOpen : true;
  }
  region.addEventListener(
    'toggle',
    (event) => {
      if (event.target.id === 'facets-panel' && narrow?.matches) panelOpen = event.target.open;
    },
    true,
  );
  narrow?.addEventListener('change', placePanel);
  placePanel();

  function addressOf() {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (typeof value === 'string' && value.trim() !== '') params.append(key, value);
    }
    const query = params.toString();
    return form.getAttribute('action') + (query ? `?${query}` : '');
  }

  async function refresh() {
    const url = addressOf();
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const res = await fetch(url, { signal: controller.signal, headers: { accept: 'text/html' } });
      if (!res.ok) {
        form.submit();
        return;
      }
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      const fresh = doc.getElementById('directory-results');
      if (!fresh) return;
      const focused = document.activeElement?.id;
      region.innerHTML = fresh.innerHTML;
      placePanel();
      // the count is announced by a small live region, not the whole block of results
      const status = document.getElementById('directory-status');
      const freshStatus = doc.getElementById('directory-status');
      if (status && freshStatus) status.textContent = freshStatus.textContent;
      if (focused && focused !== 'q') document.getElementById(focused)?.focus();
      history.replaceState(null, '', url);
    } catch (error) {
      if (error.name !== 'AbortError') form.submit();
    }
  }

  form.addEventListener('input', (event) => {
    if (event.target && event.target.type === 'number') return;
    clearTimeout(timer);
    timer = setTimeout(refresh, event.target && event.target.id === 'q' ? 250 : 0);
  });
  form.addEventListener('change', (event) => {
    if (event.target && event.target.type === 'number') {
      clearTimeout(timer);
      timer = setTimeout(refresh, 0);
    }
  });
})();
