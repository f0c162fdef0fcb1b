/* global window, document */
/*
 * Progressive enhancement of the ballot form (SPEC §5, §6).
 *
 * The server renders one <select name="rank:<ID>"> per candidate; the form works without this
 * script. Here the candidates are split into two lists, "Your ranking" (ordered) and "Not
 * ranked", which can be reordered by dragging (SortableJS) or with buttons (Rank, Move up,
 * Move down, Remove). The selects stay visible and are the only source of truth: every move
 * rewrites them, and a change to a select re-sorts the lists. Ties are made with the selects;
 * moving a candidate gives it a place of its own, and other tied candidates stay tied.
 */
(function () {
  'use strict';

  var form = document.querySelector('form[data-ballot]');
  if (!form) return;
  var source = form.querySelector('[data-ballot-candidates]');
  if (!source) return;

  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  var confirmField = form.querySelector('input[data-ballot-confirm]');
  // STV (SPEC §13): every rank once, so a move never keeps a tie; a summary follows the order.
  var strict = form.hasAttribute('data-ballot-strict');
  var summary = form.querySelector('[data-ballot-summary]');
  var actionsBox = form.querySelector('[data-ballot-actions]');
  var warningBox = null;
  var ICONS = { up: '↑', down: '↓' };

  /** @typedef {{ li: HTMLElement, select: HTMLSelectElement, name: string, order: number,
   *   up: HTMLButtonElement, down: HTMLButtonElement, toggle: HTMLButtonElement }} Item */

  /** @type {Item[]} */
  var items = [];
  /** @type {Map<Element, Item>} */
  var byElement = new Map();

  // ----- build the two zones ----------------------------------------------------------------

  var zones = el('div', 'ballot-zones');
  var rankedZone = zone('ballot-ranked', 'Your ranking', 'ol',
    'Nothing ranked yet: press “Rank” below, or drag a candidate here.');
  var unrankedZone = zone('ballot-unranked', 'Not ranked', 'ul', 'Every candidate is ranked.');
  zones.appendChild(rankedZone.section);
  zones.appendChild(unrankedZone.section);
  var rankedList = rankedZone.list;
  var unrankedList = unrankedZone.list;

  var canDrag = typeof window.Sortable === 'function';
  var usage = el('p', 'hint ballot-usage');
  usage.id = 'ballot-usage';
  usage.textContent = (canDrag ? 'Drag a candidate by its handle or use the buttons' : 'Use the buttons') +
    ' (“Rank”, “Move up”, “Move down”, “Remove”); the rank lists work too.';

  var status = el('p', 'visually-hidden');
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  status.setAttribute('data-ballot-status', '');

  Array.prototype.forEach.call(source.querySelectorAll('[data-candidate]'), function (li, index) {
    var select = li.querySelector('select[data-rank-select]');
    var label = li.querySelector('label');
    if (!select || !label) return;
    var name = label.textContent.trim();
    var handle = el('span', 'ballot-handle');
    handle.setAttribute('aria-hidden', 'true');
    handle.title = 'Drag to reorder';
    li.insertBefore(handle, li.firstChild);
    var actions = el('div', 'ballot-actions');
    var item = {
      li: li,
      select: select,
      name: name,
      order: index,
      up: button('up', 'Move up', ': ' + name),
      down: button('down', 'Move down', ': ' + name),
      toggle: button('toggle', 'Rank', ' ' + name),
    };
    actions.appendChild(item.up);
    actions.appendChild(item.down);
    actions.appendChild(item.toggle);
    li.appendChild(actions);
    li.classList.add('is-enhanced');
    items.push(item);
    byElement.set(li, item);
    item.up.addEventListener('click', function () { move(item, -1); });
    item.down.addEventListener('click', function () { move(item, 1); });
    item.toggle.addEventListener('click', function () { toggle(item); });
    select.addEventListener('change', function () {
      layout();
      announce(describe(item));
    });
  });

  var fieldset = source.parentNode;
  // The usage note follows the lists, so a phone shows the first candidate on its first screen.
  fieldset.insertBefore(zones, source);
  fieldset.insertBefore(usage, source);
  fieldset.insertBefore(status, source);
  fieldset.removeChild(source);
  fieldset.setAttribute('aria-describedby', (fieldset.getAttribute('aria-describedby') || '') + ' ballot-usage');
  form.classList.add('is-enhanced');
  layout();

  if (canDrag) {
    var options = {
      group: 'ballot',
      handle: '.ballot-handle',
      draggable: '.ballot-candidate',
      animation: reduceMotion ? 0 : 150,
      // Pointer events rather than native HTML5 drag and drop: the same on mouse, touch and pen.
      forceFallback: true,
      fallbackOnBody: true,
      fallbackTolerance: 3,
      emptyInsertThreshold: 24,
      ghostClass: 'is-ghost',
      chosenClass: 'is-chosen',
      dragClass: 'is-dragging',
      onEnd: dropped,
    };
    window.Sortable.create(rankedList, options);
    window.Sortable.create(unrankedList, Object.assign({}, options, { sort: false }));
  } else {
    form.classList.add('no-drag');
  }

  // ----- reading and writing the selects ------------------------------------------------------

  /** @param {Item} item @returns {number | null} */
  function rankOf(item) {
    var value = item.select.value;
    return value === '' ? null : Number(value);
  }

  /** @param {Item} item @param {number | null} rank */
  function setRank(item, rank) {
    item.select.value = rank === null ? '' : String(rank);
  }

  /** The ranked candidates in their shown order. */
  function rankedItems() {
    return Array.prototype.map.call(rankedList.children, function (li) { return byElement.get(li); })
      .filter(Boolean);
  }

  /**
   * Numbers the ranking 1, 2, 3… in its shown order after `moved` changed place. Neighbours that
   * shared a rank before keep sharing one, unless the moved candidate now stands between them.
   * @param {Item[]} ordered @param {Item | null} moved
   */
  function renumber(ordered, moved) {
    var rank = 0;
    var previous = null;
    var updates = ordered.map(function (item) {
      var old = rankOf(item);
      var tied = !strict && previous !== null && item !== moved && previous.item !== moved && old !== null && old === previous.old;
      if (!tied) rank += 1;
      previous = { item: item, old: old };
      return { item: item, rank: rank };
    });
    updates.forEach(function (update) { setRank(update.item, update.rank); });
  }

  // ----- showing the selects as two lists -----------------------------------------------------

  /** Puts every candidate in the list its select says, in rank order, and updates the buttons. */
  function layout() {
    var shown = new Map();
    rankedItems().forEach(function (item, position) { shown.set(item, position); });
    var ranked = items.filter(function (item) { return rankOf(item) !== null; });
    ranked.sort(function (a, b) {
      return rankOf(a) - rankOf(b) || position(a) - position(b);
    });
    var unranked = items.filter(function (item) { return rankOf(item) === null; });
    var focused = document.activeElement;
    place(rankedList, ranked);
    place(unrankedList, unranked);
    if (focused && focused !== document.activeElement && document.contains(focused)) focused.focus();

    ranked.forEach(function (item, index) {
      item.li.classList.add('is-ranked');
      item.up.hidden = false;
      item.down.hidden = false;
      setDisabled(item.up, index === 0);
      setDisabled(item.down, index === ranked.length - 1);
      label(item.toggle, 'Remove', ' ' + item.name + ' from your ranking');
      item.toggle.classList.add('button--secondary');
    });
    unranked.forEach(function (item) {
      item.li.classList.remove('is-ranked');
      item.up.hidden = true;
      item.down.hidden = true;
      label(item.toggle, 'Rank', ' ' + item.name);
      item.toggle.classList.remove('button--secondary');
    });
    rankedZone.empty.hidden = ranked.length > 0;
    unrankedZone.empty.hidden = unranked.length > 0;
    rankedZone.count.textContent = ' (' + ranked.length + ')';
    if (summary) {
      summary.textContent = 'Your ballot goes to: ' + (ranked.length === 0 ? 'nobody yet.' : ranked.map(function (item) {
        return rankOf(item) + '. ' + item.name;
      }).join(', ') + '.');
    }
    unrankedZone.count.textContent = ' (' + unranked.length + ')';

    // A confirmation (from the server or from the warning below) is for one kind of ballot only.
    if (warningBox) warningBox.hidden = true;
    if (confirmField && confirmField.value && confirmField.value !== warningKind()) confirmField.value = '';

    function position(item) {
      return shown.has(item) ? shown.get(item) : items.length + item.order;
    }
  }

  /** Reorders `list` to hold exactly `wanted`, moving only the elements out of place. */
  function place(list, wanted) {
    wanted.forEach(function (item, index) {
      if (list.children[index] !== item.li) list.insertBefore(item.li, list.children[index] || null);
    });
  }

  // ----- actions ------------------------------------------------------------------------------

  /** @param {Item} item @param {number} step -1 = up, +1 = down */
  function move(item, step) {
    var ordered = rankedItems();
    var from = ordered.indexOf(item);
    var to = from + step;
    if (from < 0) return;
    if (to < 0 || to >= ordered.length) {
      announce(item.name + ' is already ' + (step < 0 ? 'first' : 'last') + ' in your ranking.');
      return;
    }
    ordered.splice(from, 1);
    ordered.splice(to, 0, item);
    renumber(ordered, item);
    layout();
    (step < 0 ? item.up : item.down).focus();
    announce(describe(item));
  }

  /** @param {Item} item */
  function toggle(item) {
    var ordered = rankedItems();
    if (rankOf(item) === null) {
      ordered.push(item);
      renumber(ordered, item);
    } else {
      setRank(item, null);
      renumber(ordered.filter(function (other) { return other !== item; }), null);
    }
    layout();
    item.toggle.focus();
    announce(describe(item));
  }

  /** SortableJS `onEnd`: the lists already show the new order; write it into the selects. */
  function dropped(event) {
    var item = byElement.get(event.item);
    if (!item || (event.from === event.to && event.oldIndex === event.newIndex)) return;
    if (event.to === unrankedList) setRank(item, null);
    renumber(rankedItems(), event.to === rankedList ? item : null);
    layout();
    announce(describe(item));
  }

  // ----- announcements ------------------------------------------------------------------------

  /** @param {Item} item */
  function describe(item) {
    var rank = rankOf(item);
    if (rank === null) return item.name + ': not ranked.';
    var tied = items.filter(function (other) { return other !== item && rankOf(other) === rank; })
      .map(function (other) { return other.name; });
    return item.name + ': rank ' + rank + (tied.length ? ', tied with ' + tied.join(', ') : '') + '.';
  }

  function announce(message) {
    // Clearing first makes screen readers repeat a message identical to the previous one.
    status.textContent = '';
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  // ----- warning before an empty or all-tied ballot -------------------------------------------

  warningBox = el('div', 'notice notice--warning');
  warningBox.setAttribute('role', 'alert');
  warningBox.hidden = true;
  if (actionsBox) actionsBox.parentNode.insertBefore(warningBox, actionsBox);

  /** The same rule as the server's `ballotWarning`: no two candidates ranked differently. */
  function warningKind() {
    var ranks = items.map(rankOf).filter(function (rank) { return rank !== null; });
    if (ranks.length === 0) return 'empty';
    return !strict && new Set(ranks).size === 1 ? 'all-tied' : '';
  }

  form.addEventListener('submit', function (event) {
    var kind = warningKind();
    if (!kind || !confirmField || confirmField.value === kind) return;
    // Warn once; the next submit confirms. The server still checks the `confirm` field.
    event.preventDefault();
    confirmField.value = kind;
    var submit = form.querySelector('button[type="submit"]');
    warningBox.hidden = false;
    warningBox.textContent = (kind === 'empty'
      ? 'You have not ranked any candidate. An empty ballot counts as cast but expresses no preference.'
      : 'Your ballot does not prefer any candidate to another (candidates at “No opinion” are not compared ' +
        'with anyone). It counts as cast but changes nothing in the result.') +
      ' To submit it anyway, press “' + (submit ? submit.textContent.trim() : 'Submit') + '” again.';
  });

  // ----- passphrase confirmation and focus on problems ----------------------------------------

  var passphrase = form.querySelector('input[name="passphrase"]');
  var again = form.querySelector('input[name="passphrase_confirmation"]');
  if (passphrase && again) {
    var check = function () {
      again.setCustomValidity(passphrase.value === again.value ? '' : 'The two passphrases are different.');
    };
    passphrase.addEventListener('input', check);
    again.addEventListener('input', check);
  }

  var problem = document.querySelector('[data-error-summary], [data-ballot-notice]');
  if (problem) problem.focus();

  // ----- small DOM helpers --------------------------------------------------------------------

  function el(tag, className) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  function button(action, text, candidate) {
    var node = el('button', 'button button--small ballot-' + action + (action === 'toggle' ? '' : ' button--secondary'));
    node.type = 'button';
    node.setAttribute('data-action', action);
    label(node, text, candidate);
    return node;
  }

  /**
   * Sets a button's visible text and its accessible name, which adds the candidate it acts on
   * (the visible text stays a part of the name, WCAG 2.5.3).
   */
  function label(node, text, candidate) {
    node.textContent = '';
    var icon = ICONS[node.getAttribute('data-action')];
    if (icon) {
      var glyph = el('span', 'ballot-icon');
      glyph.setAttribute('aria-hidden', 'true');
      glyph.textContent = icon;
      node.appendChild(glyph);
    }
    node.appendChild(document.createTextNode(text));
    node.setAttribute('aria-label', text + candidate);
  }

  /** Keeps the button focusable (focus is not lost at the ends) but marks it as doing nothing. */
  function setDisabled(node, disabled) {
    if (disabled) node.setAttribute('aria-disabled', 'true');
    else node.removeAttribute('aria-disabled');
  }

  function zone(id, title, listTag, emptyText) {
    var section = el('section', 'ballot-zone ' + id);
    section.setAttribute('aria-labelledby', id + '-title');
    var heading = el('h2');
    heading.id = id + '-title';
    heading.textContent = title;
    var count = el('span', 'ballot-count');
    heading.appendChild(count);
    var empty = el('p', 'ballot-empty');
    empty.textContent = emptyText;
    var list = el(listTag, 'ballot-list');
    list.setAttribute('aria-labelledby', id + '-title');
    section.appendChild(heading);
    section.appendChild(empty);
    section.appendChild(list);
    return { section: section, list: list, empty: empty, count: count };
  }
})();
