// Value tooltips for the observatory's charts. The charts are complete without this file (SVG
// drawn on the server, with their numbers in a table); with it, a bar, point or commune shows its
// value on hover and on keyboard focus.
(() => {
  const charts = document.querySelectorAll('[data-chart]');
  if (charts.length === 0) return;
  for (const chart of charts) {
    const tip = document.createElement('div');
    tip.className = 'chart-tooltip';
    tip.setAttribute('role', 'status');
    tip.hidden = true;
    chart.appendChild(tip);
    let current = null;

    function show(el) {
      if (current) current.classList.remove('active');
      current = el;
      el.classList.add('active');
      tip.textContent = el.getAttribute('data-value');
      tip.hidden = false;
      const box = el.getBoundingClientRect();
      const frame = chart.getBoundingClientRect();
      tip.style.left = `${Math.max(0, box.left - frame.left + box.width / 2 - tip.offsetWidth / 2)}px`;
      tip.style.top = `${box.top - frame.top - tip.offsetHeight - 6}px`;
    }
    function hide() {
      if (current) current.classList.remove('active');
      current = null;
      tip.hidden = true;
    }

    for (const el of chart.querySelectorAll('[data-value]')) {
      // inside a link the link takes the focus; elsewhere the mark itself becomes focusable
      const link = el.closest('a');
      const target = link || el;
      if (!link) {
        el.setAttribute('tabindex', '0');
        el.setAttribute('aria-label', el.getAttribute('data-value'));
        el.setAttribute('role', 'img');
      }
      target.addEventListener('mouseenter', () => show(el));
      target.addEventListener('mouseleave', hide);
      target.addEventListener('focus', () => show(el));
      target.addEventListener('blur', hide);
    }
    chart.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') hide();
    });
  }
})();
