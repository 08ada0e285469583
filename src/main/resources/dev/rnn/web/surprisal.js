// Renders scored text: one span per character, coloured by surprisal (bits) or by a neuron's
// activation, its top guesses shown on hover. Text is only ever set as textContent.
function rnnRender(container, tooltip, data) {
  container.textContent = '';
  const first = document.createElement('span');
  first.textContent = data.first;
  container.appendChild(first);
  data.rows.forEach(function (row) {
    const ch = row[0], lp = row[1], top = row[2], act = row[3];
    const span = document.createElement('span');
    span.className = 'c';
    span.textContent = ch;
    const bits = -lp / Math.LN2;
    if (data.neuron) {
      const a = Math.max(-1, Math.min(1, act));
      span.style.background = a >= 0 ? 'rgba(220,40,40,' + a.toFixed(3) + ')' : 'rgba(40,90,220,' + (-a).toFixed(3) + ')';
    } else {
      span.style.background = 'rgba(230,60,20,' + Math.min(1, bits / 10).toFixed(3) + ')';
    }
    span.addEventListener('mouseenter', function () {
      const lines = [show(ch) + ': ' + bits.toFixed(2) + ' bits (p = ' + Math.exp(lp).toFixed(4) + ')'];
      if (data.neuron) lines.push('neuron ' + data.neuron + ' = ' + act.toFixed(4));
      top.forEach(function (t) { lines.push('  ' + show(t[0]) + '  ' + t[1].toFixed(4)); });
      tooltip.textContent = lines.join('\n');
      const r = span.getBoundingClientRect();
      tooltip.style.left = (window.scrollX + r.left) + 'px';
      tooltip.style.top = (window.scrollY + r.bottom + 4) + 'px';
      tooltip.style.display = 'block';
    });
    span.addEventListener('mouseleave', function () { tooltip.style.display = 'none'; });
    container.appendChild(span);
  });
  function show(c) {
    return c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === ' ' ? '\u2423' : c;
  }
}
