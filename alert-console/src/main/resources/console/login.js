// Sign-in: posts the name and password as JSON; the server sets an HttpOnly session cookie.
document.getElementById('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const error = document.getElementById('error');
  error.textContent = '';
  const res = await fetch('/api/login', {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({
      name: document.getElementById('name').value,
      password: document.getElementById('password').value
    })
  });
  if (res.ok) {
    location.href = '/';
  } else {
    const body = await res.json().catch(() => ({error: res.statusText}));
    error.textContent = body.error || ('sign-in failed: ' + res.status);
  }
});
