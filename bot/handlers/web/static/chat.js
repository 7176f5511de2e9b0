// CraftBot web chat: sends what the person does to /chat/event and shows the replies.
// Reply HTML is sanitised on the server (Telegram's few tags only); button labels and
// everything the person typed are set as text, never as HTML.
(function () {
  "use strict";
  var body = document.body;
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var all = JSON.parse(body.getAttribute("data-strings") || "{}");
  var locale = body.getAttribute("data-locale") || "zh_CN";
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("text");
  var sendButton = document.getElementById("send");
  var status = document.getElementById("status");
  var notifyButton = document.getElementById("notify");
  var question = null; // the bubble holding the open question (edited in place)
  var pressed = null; // the bubble whose button was pressed in this turn
  var busy = false;
  var queue = [];

  function s(key) { return (all[locale] || {})[key] || key; }

  function applyLocale(next) {
    if (!all[next]) { return; }
    locale = next;
    document.documentElement.lang = next === "en" ? "en" : "zh-Hans";
    document.title = s("title");
    document.querySelectorAll("[data-s]").forEach(function (el) {
      el.textContent = s(el.getAttribute("data-s"));
    });
    document.querySelectorAll("[data-s-label]").forEach(function (el) {
      el.setAttribute("aria-label", s(el.getAttribute("data-s-label")));
    });
    input.placeholder = s("placeholder");
    document.querySelectorAll(".lang").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-lang") === next ? "true" : "false");
    });
  }

  function say(text) { status.textContent = text || ""; }

  function bubble(kind) {
    var el = document.createElement("div");
    el.className = "msg " + kind;
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = (kind === "user" ? s("you") : s("bot")) + ": ";
    el.appendChild(who);
    return el;
  }

  function fill(el, reply) {
    while (el.childNodes.length > 1) { el.removeChild(el.lastChild); }
    var content = document.createElement("div");
    content.className = "text";
    content.innerHTML = reply.html; // sanitised on the server
    el.appendChild(content);
    if (reply.file) {
      if (reply.kind === "photo") {
        var img = document.createElement("img");
        img.src = reply.file.url;
        img.alt = s("image").replace("{name}", reply.file.name);
        el.appendChild(img);
      }
      var a = document.createElement("a");
      a.className = "download";
      a.href = reply.file.url;
      a.setAttribute("download", reply.file.name);
      a.textContent = s("download").replace("{name}", reply.file.name);
      el.appendChild(a);
    }
    if (reply.buttons && reply.buttons.length) {
      var group = document.createElement("div");
      group.className = "buttons";
      group.setAttribute("role", "group");
      reply.buttons.forEach(function (row) {
        var line = document.createElement("div");
        line.className = "row";
        row.forEach(function (b) {
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = b.label;
          button.setAttribute("data-data", b.data);
          line.appendChild(button);
        });
        group.appendChild(line);
      });
      el.appendChild(group);
    }
  }

  function show(replies) {
    var first = null;
    (replies || []).forEach(function (reply) {
      // As on Telegram: an edit rewrites the open question (or else the message whose
      // button was pressed) in place, e.g. the question with the answer chosen; a screen
      // shown in place (a menu) takes the place of the pressed message.
      var target = (question && question.isConnected) ? question : pressed;
      var el;
      if (reply.in_place && pressed && pressed.isConnected) {
        el = pressed;
        pressed = null;
      } else if (reply.edit && target && target.isConnected) {
        el = target;
        if (target === pressed) { pressed = null; }
      } else {
        el = bubble("bot" + (reply.inbox ? " inbox" : ""));
        log.appendChild(el);
      }
      fill(el, reply);
      if (reply.question || reply.edit) { question = el; }
      first = first || el;
    });
    if (first) {
      var calm = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      log.lastElementChild.scrollIntoView({ block: "end", behavior: calm ? "auto" : "smooth" });
    }
    return first;
  }

  function userBubble(text) {
    var el = bubble("user");
    var span = document.createElement("span");
    span.textContent = text;
    el.appendChild(span);
    log.appendChild(el);
  }

  function setBusy(on) {
    busy = on;
    sendButton.disabled = on;
    body.setAttribute("aria-busy", on ? "true" : "false");
    say(on ? s("busy") : "");
  }

  function post(event, focusAfter, from) {
    queue.push([event, focusAfter, from]);
    if (!busy) { next(); }
  }

  function next() {
    var item = queue.shift();
    if (!item) { return; }
    var event = item[0];
    pressed = item[2] || null;
    event.lang = locale;
    setBusy(true);
    fetch("/chat/event", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(event)
    }).then(function (r) {
      if (r.status === 401) { say(s("expired")); setTimeout(function () { location.reload(); }, 1500); return null; }
      if (r.status === 429) { throw new Error("too_many"); }
      if (!r.ok) { throw new Error("error"); }
      return r.json();
    }).then(function (data) {
      setBusy(false);
      if (!data) { return; }
      if (data.locale && data.locale !== locale) { applyLocale(data.locale); }
      if (data.clear_buttons && pressed && pressed.isConnected) {
        var gone = pressed.querySelector(".buttons");
        if (gone) { gone.parentNode.removeChild(gone); }
      }
      show(data.replies);
      if (data.toast) { say(data.toast); }
      pressed = null;
      show(data.inbox);
      notifyIfHidden(data.inbox);
      if (item[1]) {  // pressed by keyboard or tap: go on to the next choices
        var b = log.lastElementChild && log.lastElementChild.querySelector("button");
        (b || input).focus({ preventScroll: true });
      }
      log.setAttribute("data-turns", String(Number(log.getAttribute("data-turns") || 0) + 1));
      next();
    }).catch(function (err) {
      setBusy(false);
      say(err && err.message === "too_many" ? s("too_many") :
          (err && err.message === "error" ? s("error") : s("offline")));
      queue = [];
    });
  }

  log.addEventListener("click", function (e) {
    var button = e.target.closest("button[data-data]");
    if (!button) { return; }
    button.classList.add("chosen");
    button.setAttribute("aria-pressed", "true");
    post({ type: "button", data: button.getAttribute("data-data") }, true,
         button.closest(".msg"));
  });

  document.querySelector(".tools").addEventListener("click", function (e) {
    var button = e.target.closest("button");
    if (!button) { return; }
    var lang = button.getAttribute("data-lang");
    if (lang) {
      applyLocale(lang);
      post({ type: "button", data: "lang:" + lang }, true);
      return;
    }
    var command = button.getAttribute("data-command");
    if (command) {
      userBubble("/" + command);
      post({ type: "command", name: command, args: "" }, true);
    }
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    userBubble(text);
    if (text.charAt(0) === "/") {
      var parts = text.slice(1).split(/\s+/);
      var name = parts.shift().toLowerCase();
      if (/^[a-z_]{1,32}$/.test(name)) {
        post({ type: "command", name: name, args: parts.join(" ") }, false);
        return;
      }
    }
    post({ type: "text", text: text }, false);
  });

  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });

  // Messages that arrived while away (reminders): on load, on return, every minute.
  function pollInbox() {
    if (busy) { return; }
    fetch("/chat/inbox", { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (data) {
      if (data && data.inbox && data.inbox.length) {
        show(data.inbox);
        notifyIfHidden(data.inbox);
      }
    }).catch(function () {});
  }

  function plain(html) {
    var d = document.createElement("div");
    d.innerHTML = html;
    return d.textContent || "";
  }

  function notifyIfHidden(items) {
    if (!items || !items.length || !document.hidden) { return; }
    if (!("Notification" in window) || Notification.permission !== "granted") { return; }
    try {
      new Notification(s("notify_title"), { body: plain(items[0].html).slice(0, 180) });
    } catch (e) { /* some browsers allow notifications only from a service worker */ }
  }

  if ("Notification" in window && Notification.permission === "default") {
    notifyButton.hidden = false;
    notifyButton.addEventListener("click", function () {
      Notification.requestPermission().then(function (p) {
        if (p === "granted") { notifyButton.textContent = s("notify_on"); notifyButton.disabled = true; }
      });
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { pollInbox(); }
  });
  setInterval(pollInbox, 60000);

  applyLocale(locale);
  var params = new URLSearchParams(location.search);
  var start = params.get("start") || "";
  if (start) {
    params.delete("start");
    var rest = params.toString();
    history.replaceState(null, "", location.pathname + (rest ? "?" + rest : ""));
  }
  post({ type: "command", name: "start", args: start.slice(0, 64) }, false);
})();
