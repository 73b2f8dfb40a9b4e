// While an import runs, refresh its row every few seconds. Without this file, reloading the
// page shows the same progress.
(() => {
  const table = document.getElementById('imports-table');
  if (!table || !window.fetch) return;
  const timer = setInterval(async () => {
    try {
      const res = await fetch(location.href, { headers: { accept: 'text/html' } });
      if (!res.ok) return;
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      const fresh = doc.getElementById('imports-table');
      if (!fresh) return;
      table.innerHTML = fresh.innerHTML;
      if (!/\b(En cours|En attente|Running|Queued)\b/.test(fresh.textContent || ''))
        clearInterval(timer);
    } catch {
      clearInterval(timer);
    }
  }, 3000);
})();
