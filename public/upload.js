// Before a SIRENE upload leaves the browser: a file over the server's limit is refused at once,
// with the server's own message, instead of after minutes of sending. Without this file the
// server refuses it (from the announced size, before reading it).
(() => {
  const form = document.querySelector('form[data-max-bytes]');
  if (!form) return;
  const max = Number(form.dataset.maxBytes);
  form.addEventListener('submit', (event) => {
    const tooBig = [...form.querySelectorAll('input[type="file"]')].find((input) =>
      [...(input.files || [])].some((file) => file.size > max),
    );
    const old = form.querySelector('.upload-error');
    if (old) old.remove();
    if (!tooBig) return;
    event.preventDefault();
    const message = document.createElement('p');
    message.className = 'error upload-error';
    message.setAttribute('role', 'alert');
    message.textContent = form.dataset.tooLarge || '';
    tooBig.closest('.field').appendChild(message);
    tooBig.focus();
  });
})();
