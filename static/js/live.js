// The live layer: new replies, edits, reactions, typing and presence without reloading.
// Pages work fully without it; this module only adds to them.
import { io } from "../vendor/socket.io.esm.min.js";

const topicEl = document.querySelector("[data-live-topic]");
const spaceEl = document.querySelector("[data-live-space]");
const regionEl = document.getElementById("live-region");

// Every live announcement goes through the page's one polite live region (base.html). Messages
// that arrive together are read together; emptying the region first makes a repeated text
// (“New replies: 1” twice) be read again.
let pending = [];
let flushTimer = null;

function announce(text) {
  if (!regionEl || !text) return;
  pending.push(text);
  if (flushTimer !== null) return;
  regionEl.textContent = "";
  flushTimer = window.setTimeout(() => {
    regionEl.textContent = pending.join(" ");
    pending = [];
    flushTimer = null;
  }, 100);
}

function highestNumber() {
  const numbers = [...document.querySelectorAll("article.post[id^='p']")]
    .map((el) => Number(el.id.slice(1)))
    .filter(Number.isFinite);
  return numbers.length ? Math.max(...numbers) : 0;
}

function formatTime(iso) {
  const lang = document.documentElement.lang || "fi";
  return new Intl.DateTimeFormat(lang, {
    dateStyle: "short", timeStyle: "short", timeZone: "Europe/Helsinki",
  }).format(new Date(iso));
}

// lang on a post body whose language differs from the page's, as the server renders it.
function setLanguage(body, language) {
  if (language && language !== document.documentElement.lang) body.lang = language;
  else body.removeAttribute("lang");
}

function insertPost(post) {
  if (document.getElementById(`p${post.post_number}`)) return false;
  const template = document.getElementById("post-template");
  const list = document.querySelector(".posts");
  if (!template || !list) return false;
  const article = template.content.firstElementChild.cloneNode(true);
  article.id = `p${post.post_number}`;
  article.setAttribute("aria-labelledby", `p${post.post_number}-author`);
  article.classList.add("post--unread");
  const heading = article.querySelector(".post__author");
  heading.id = `p${post.post_number}-author`;
  heading.textContent = post.author ? post.author.display_name : template.dataset.formerMember;
  const number = article.querySelector(".post__number");
  number.href = `#p${post.post_number}`;
  number.textContent = `#${post.post_number}`;
  const time = article.querySelector("time");
  time.dateTime = post.created_at;
  time.textContent = formatTime(post.created_at);
  // The server sanitised this HTML when the post was written (forum/markup).
  const body = article.querySelector(".post__body");
  body.innerHTML = post.cooked;
  setLanguage(body, post.language);
  const reply = article.querySelector("[data-reply-link]");
  if (reply) reply.href = reply.href.replace("__NUMBER__", String(post.post_number));
  const quote = article.querySelector("[data-quote-link]");
  if (quote) quote.href = quote.href.replace("__NUMBER__", String(post.post_number));
  list.appendChild(article);
  return true;
}

function liveTopic(socket) {
  const topicId = Number(topicEl.dataset.liveTopic);
  const onLastPage = topicEl.dataset.lastPage === "true";
  const newReplies = topicEl.dataset.newReplies || "New replies: %s";
  const typingText = topicEl.dataset.typing || "%s is writing…";
  const readingText = topicEl.dataset.reading || "Reading now: %s";
  const presenceEl = document.getElementById("live-presence");
  const typingEl = document.getElementById("live-typing");
  let unseen = 0;
  let typingTimer = null;

  const join = () => socket.emit("join", { room: `topic:${topicId}`, since: highestNumber() });
  socket.on("connect", join);

  socket.on("post.created", (post) => {
    if (post.topic_id !== topicId) return;
    if (onLastPage && insertPost(post)) {
      unseen += 1;
      announce(newReplies.replace("%s", String(unseen)));
    } else if (!onLastPage) {
      unseen += 1;
      const banner = document.getElementById("live-banner");
      if (banner) {
        banner.hidden = false;
        banner.querySelector("a").textContent = newReplies.replace("%s", String(unseen));
      }
    }
  });
  socket.on("post.updated", (post) => {
    const body = document.querySelector(`#p${post.post_number} .post__body`);
    if (body && post.topic_id === topicId) {
      body.innerHTML = post.cooked;
      setLanguage(body, post.language);
    }
  });
  for (const removed of ["post.deleted", "post.hidden"]) {
    socket.on(removed, (post) => {
      const body = document.querySelector(`#p${post.post_number} .post__body`);
      if (body && post.topic_id === topicId) {
        body.textContent = topicEl.dataset.deleted || "";
        body.classList.add("post__body--deleted");
      }
    });
  }
  socket.on("reaction.changed", (change) => {
    const count = document.querySelector(
      `#p${CSS.escape(String(change.post_id))}-reactions [data-kind="${CSS.escape(change.kind)}"] .reaction__count`,
    );
    if (count) count.textContent = String(change.count);
  });
  socket.on("typing", (event) => {
    if (!typingEl || event.topic_id !== topicId) return;
    const text = typingText.replace("%s", event.user.display_name);
    if (typingEl.textContent !== text) announce(text);
    typingEl.textContent = text;
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(() => { typingEl.textContent = ""; }, 5000);
  });
  socket.on("presence", (event) => {
    if (!presenceEl || event.topic_id !== topicId) return;
    const names = event.users.map((user) => user.display_name);
    if (event.anonymous) names.push(`+${event.anonymous}`);
    presenceEl.textContent = names.length ? readingText.replace("%s", names.join(", ")) : "";
  });
  socket.on("event.registration", (change) => {
    const counts = document.querySelector(`[data-event-counts="${change.topic_id}"]`);
    if (!counts || change.topic_id !== topicId) return;
    const fill = (text) => text.replace("1000001", String(change.registered))
      .replace("1000002", String(change.capacity)).replace("1000003", String(change.places_left))
      .replace("1000004", String(change.waiting));
    let text = fill(change.capacity === null ? counts.dataset.registered : counts.dataset.taken);
    if (change.waiting) text += ` · ${fill(counts.dataset.waiting)}`;
    counts.textContent = text;
  });
  socket.on("catchup.truncated", () => {
    const banner = document.getElementById("live-banner");
    if (banner) banner.hidden = false;
  });

  const composer = document.querySelector(".composer textarea");
  let lastTyping = 0;
  if (composer) {
    composer.addEventListener("input", () => {
      const now = Date.now();
      if (now - lastTyping > 2500) {
        lastTyping = now;
        socket.emit("typing", { topic_id: topicId });
      }
    });
  }
}

function liveSpace(socket) {
  const spaceId = Number(spaceEl.dataset.liveSpace);
  const text = spaceEl.dataset.newTopics || "New topics: %s";
  let count = 0;
  socket.on("connect", () => socket.emit("join", { room: `space:${spaceId}` }));
  socket.on("topic.created", (topic) => {
    if (topic.space_id !== spaceId) return;
    count += 1;
    const banner = document.getElementById("live-banner");
    if (banner) {
      banner.hidden = false;
      banner.querySelector("a").textContent = text.replace("%s", String(count));
    }
    announce(text.replace("%s", String(count)));
  });
}

function liveBadge(socket) {
  const badge = document.querySelector("[data-notification-count]");
  if (!badge) return;
  socket.on("notification.count", (event) => {
    badge.dataset.notificationCount = String(event.unread);
    badge.textContent = (badge.dataset.label || "%d").replace("%d", String(event.unread));
    badge.hidden = event.unread === 0;
  });
  socket.on("notification.created", (event) => announce(event.text));
}

if (topicEl || spaceEl || document.querySelector("[data-notification-count]")) {
  const socket = io({ transports: ["websocket", "polling"] });
  if (topicEl) liveTopic(socket);
  if (spaceEl) liveSpace(socket);
  liveBadge(socket);
}
