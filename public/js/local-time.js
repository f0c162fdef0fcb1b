/* global document */
/*
 * Shows the reader's local time beside every instant the server wrote in UTC:
 * <time datetime="2025-10-01T00:00:00.000Z" data-local-time>2025-10-01 00:00 UTC</time>
 * becomes "2025-10-01 00:00 UTC (your time: Wed 1 Oct, 02:00 CEST)". Without this script the
 * UTC time alone is shown, which is still exact. Readers whose clock is on UTC see no addition.
 */
(function () {
  'use strict';

  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  if (/^(Etc\/)?(UTC|GMT|Universal|Zulu)$/i.test(zone)) return;

  var thisYear = new Date().getFullYear();
  var sameYear = new Intl.DateTimeFormat(undefined, {
    weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short',
  });
  var otherYear = new Intl.DateTimeFormat(undefined, {
    weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit',
    timeZoneName: 'short',
  });

  Array.prototype.forEach.call(document.querySelectorAll('time[data-local-time][datetime]'), function (time) {
    if (time.hasAttribute('data-local-time-done')) return;
    var at = new Date(time.getAttribute('datetime'));
    if (isNaN(at.getTime())) return;
    var format = at.getFullYear() === thisYear ? sameYear : otherYear;
    var local = document.createElement('span');
    local.className = 'local-time';
    local.textContent = ' (your time: ' + format.format(at) + ')';
    time.insertAdjacentElement('afterend', local);
    time.setAttribute('data-local-time-done', '');
  });
})();
