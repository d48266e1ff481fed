/**
 * The script of the default WebAuthn pages, served as a file (never inline) so a strict CSP needs
 * only the page's nonce. It runs the ceremony a form describes in data attributes (the options
 * JSON, "create" or "get"), then posts the browser library's answer as the JSON string upstream
 * expects in `credential`. It uses the UMD bundle's global, loaded just before it.
 */
export const WEBAUTHN_PAGE_SCRIPT = `(function () {
  'use strict';
  var form = document.querySelector('form[data-wan-ceremony]');
  if (!form) return;
  var lib = window.SimpleWebAuthnBrowser;
  var status = document.getElementById('wan-status');
  var button = document.getElementById('wan-start');
  function say(text) { if (status) status.textContent = text; }
  function run() {
    if (!lib || !lib.browserSupportsWebAuthn()) { say('This browser does not support WebAuthn.'); return; }
    var options = JSON.parse(form.getAttribute('data-wan-options'));
    var ceremony = form.getAttribute('data-wan-ceremony') === 'create'
      ? lib.startRegistration({ optionsJSON: options })
      : lib.startAuthentication({ optionsJSON: options });
    if (button) button.disabled = true;
    say('Waiting for your security key or passkey…');
    ceremony.then(function (answer) {
      form.elements.namedItem('credential').value = JSON.stringify(answer);
      form.submit();
    }, function (error) {
      if (button) button.disabled = false;
      say('Not completed: ' + (error && error.message ? error.message : String(error)));
    });
  }
  if (button) button.addEventListener('click', run);
  run();
})();
`;
