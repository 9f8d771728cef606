// Live status without a build step: poll a submission's status until it is graded, then reload.
(function () {
  const waiting = document.querySelector('[data-poll]');
  if (waiting) {
    const url = waiting.getAttribute('data-poll');
    const tick = () => fetch(url, {credentials: 'same-origin'})
      .then(r => r.json())
      .then(s => { if (s.status === 'done' || s.status === 'failed') location.reload(); else setTimeout(tick, 1000); })
      .catch(() => setTimeout(tick, 3000));
    setTimeout(tick, 1000);
  }
  const refresh = document.querySelector('[data-refresh]');
  if (refresh) setTimeout(() => location.reload(), 1000 * Number(refresh.getAttribute('data-refresh')));
})();
