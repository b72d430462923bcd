/*
 * Passkey forms: a form marked data-webauthn="register|authenticate" asks the server for options,
 * lets the browser create or use a credential (@simplewebauthn/browser, loaded before this file),
 * puts the JSON result in the form's "response" field and submits it. No inline script (CSP).
 */
(function () {
  'use strict';
  function showError(form, message) {
    var p = form.querySelector('.passkey-error');
    if (!p) {
      p = document.createElement('p');
      p.className = 'alert alert-error passkey-error';
      p.setAttribute('role', 'alert');
      form.prepend(p);
    }
    p.textContent = message;
  }
  async function run(form) {
    var purpose = form.getAttribute('data-webauthn');
    var body = new URLSearchParams({ _csrf: form.elements._csrf.value, purpose: purpose });
    var res = await fetch('/webauthn/options', { method: 'POST', body: body, credentials: 'same-origin' });
    if (!res.ok) throw new Error('The server refused to start (' + res.status + ').');
    var optionsJSON = await res.json();
    var lib = window.SimpleWebAuthnBrowser;
    var result = purpose === 'register' ? await lib.startRegistration({ optionsJSON: optionsJSON }) : await lib.startAuthentication({ optionsJSON: optionsJSON });
    form.elements.response.value = JSON.stringify(result);
    form.submit();
  }
  document.querySelectorAll('form[data-webauthn]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!window.PublicKeyCredential) return showError(form, 'This browser does not support passkeys.');
      run(form).catch(function (err) {
        showError(form, err && err.name === 'NotAllowedError' ? 'The passkey request was cancelled or timed out.' : String((err && err.message) || err));
      });
    });
  });
})();
