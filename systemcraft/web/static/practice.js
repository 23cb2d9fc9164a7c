// The Practice page (issue 18): record an answer with the microphone, tap S/T/A/R while speaking, upload
// the audio in numbered chunks as it is recorded, ask for it to be transcribed, follow the progress, then
// show the report with a replay whose transcript follows along. Also: the report page on its own, and the
// speech model's download progress in Settings. Served by the app itself; no inline script (CSP).
(function () {
  "use strict";

  var CHUNK_MS = 1000;
  var MAX_CHUNK = 1024 * 1024;
  var TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm"];

  function $(id) { return document.getElementById(id); }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return (h ? h + ":" + pad(m) : pad(m)) + ":" + pad(s % 60);
  }
  function csrf() {
    var h = document.body.getAttribute("hx-headers");
    try { return JSON.parse(h)["X-CSRF-Token"]; } catch (e) { return ""; }
  }
  function send(method, url, body, type) {
    var headers = { "X-CSRF-Token": csrf(), "Accept": "application/json" };
    if (type) headers["Content-Type"] = type;
    return fetch(url, { method: method, headers: headers, body: body, credentials: "same-origin" })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (data) {
          if (!r.ok) {
            var err = new Error(data.error || ("The coach answered " + r.status + ": try again"));
            err.status = r.status;
            throw err;
          }
          return data;
        });
      });
  }

  // ---------------------------------------------------------------- the report: replay and moments

  function wireReport(root, localUrl) {
    var box = root.querySelector("[data-practice-report]");
    if (!box) return;
    var player = box.querySelector("#p-audio");
    if (player && player.dataset.local && localUrl) {
      player.src = localUrl;
      player.hidden = false;
      var note = box.querySelector("#p-no-audio");
      if (note) note.textContent = "This replay is from this tab only: the recording was not kept.";
    }
    var words = Array.prototype.slice.call(box.querySelectorAll("#p-transcript span[data-at]"));
    var times = words.map(function (w) { return parseFloat(w.dataset.at); });
    var current = null;
    function seek(at) {
      if (!player || player.hidden) return;
      player.currentTime = Math.max(0, at - 0.2);
      var p = player.play();
      if (p && p.catch) p.catch(function () {});
    }
    box.addEventListener("click", function (e) {
      var t = e.target.closest ? e.target.closest("[data-at]") : null;
      if (t && box.contains(t)) seek(parseFloat(t.dataset.at));
    });
    if (player && words.length) {
      player.addEventListener("timeupdate", function () {
        var t = player.currentTime, lo = 0, hi = times.length - 1, at = -1;
        while (lo <= hi) {
          var mid = (lo + hi) >> 1;
          if (times[mid] <= t) { at = mid; lo = mid + 1; } else { hi = mid - 1; }
        }
        var w = at >= 0 ? words[at] : null;
        if (w === current) return;
        if (current) current.classList.remove("now");
        if (w) w.classList.add("now");
        current = w;
      });
    }
    words.forEach(function (w) { w.setAttribute("role", "button"); w.tabIndex = -1; });
  }

  // ---------------------------------------------------------------- the recorder

  function practicePage(root) {
    var page = root.querySelector("[data-practice]");
    if (!page) return;
    var qSelect = $("p-question"), own = $("p-own"), shown = $("p-shown"), story = $("p-story");
    var target = $("p-target"), timer = $("p-timer"), timerHelp = $("p-timer-help");
    var recordBtn = $("p-record"), stopBtn = $("p-stop"), tapsList = $("p-taps");
    var micError = $("p-mic-error"), progressBox = $("p-progress"), bar = $("p-bar"), statusLine = $("p-status");
    var retry = $("p-retry"), uploadBox = $("p-upload"), fileInput = $("p-file"), sendFile = $("p-send-file");
    var reportBox = $("practice-report"), video = $("p-video"), reviewBox = $("p-review-box"), review = $("p-review");
    var tapButtons = Array.prototype.slice.call(page.querySelectorAll("button.tap"));
    var state = { recording: false, id: null, seq: 0, queue: [], uploading: false, failed: null, taps: [],
                  t0: 0, seconds: 0, recorder: null, stream: null, video: null, videoChunks: [], localUrl: null,
                  tick: null, finishing: false, done: null, localParts: [] };

    function question() { return (own.value.trim() || qSelect.value || "").trim(); }
    function version() { var r = page.querySelector("input[name=version]:checked"); return r ? r.value : null; }
    function showQuestion() { shown.textContent = question(); }
    function showTarget() {
      var r = page.querySelector("input[name=version]:checked");
      if (r) target.textContent = "Aim for " + r.dataset.lo + "–" + r.dataset.hi + " seconds.";
    }
    qSelect.addEventListener("change", function () {
      var opt = qSelect.options[qSelect.selectedIndex];
      if (opt && opt.dataset.story && !story.value) story.value = opt.dataset.story;
      showQuestion();
    });
    own.addEventListener("input", showQuestion);
    page.querySelectorAll("input[name=version]").forEach(function (r) { r.addEventListener("change", showTarget); });
    showQuestion();

    function say(text, isError) {
      progressBox.hidden = false;
      statusLine.textContent = text;
      statusLine.classList.toggle("error", !!isError);
    }
    function problem(text) {
      micError.textContent = text;
      micError.hidden = false;
    }
    function setRecording(on) {
      state.recording = on;
      recordBtn.disabled = on;
      stopBtn.disabled = !on;
      tapButtons.forEach(function (b) { b.disabled = !on; });
      page.classList.toggle("is-recording", on);
    }

    // One token per press of Record: the same start sent twice (a retried request) makes one recording.
    function attemptToken() {
      var bytes = new Uint8Array(12);
      window.crypto.getRandomValues(bytes);
      return btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_");
    }

    function begin(mime) {
      var body = JSON.stringify({ question: question(), target: version(), story: story.value || null,
                                  keep: $("p-keep").checked, mime: mime, attempt: attemptToken() });
      return send("POST", "/practice/recordings", body, "application/json").then(function (data) {
        state.id = data.id; state.seq = 0; state.queue = []; state.failed = null;
        return data;
      });
    }

    // Chunks go up one at a time, in order; a network failure is retried, a refusal stops the recording.
    function enqueue(blob) {
      if (!blob || !blob.size) return;
      state.localParts.push(blob);           // kept in the tab: a replay here even when the file is not kept
      for (var i = 0; i < blob.size; i += MAX_CHUNK) state.queue.push(blob.slice(i, i + MAX_CHUNK));
      pump();
    }
    function pump() {
      if (state.uploading || state.failed || !state.queue.length) {
        if (!state.uploading && !state.queue.length && state.finishing) finish();
        return;
      }
      state.uploading = true;
      var blob = state.queue[0], seq = state.seq, tries = 0;
      function attempt() {
        send("POST", "/practice/chunks?recording=" + state.id + "&seq=" + seq, blob, "application/octet-stream")
          .then(function () {
            state.queue.shift(); state.seq += 1; state.uploading = false; pump();
          }, function (err) {
            if (!err.status && tries < 3) { tries += 1; setTimeout(attempt, 500 * tries); return; }
            state.uploading = false; state.failed = err.message;
            if (state.recording) stop();
            say(err.message, true);
          });
      }
      attempt();
    }

    function record() {
      micError.hidden = true;
      state.localParts = []; state.done = null;
      if (state.localUrl) { URL.revokeObjectURL(state.localUrl); state.localUrl = null; }
      reportBox.innerHTML = "";
      if (!question()) { problem("Choose a question, or type your own, before you record."); return; }
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || typeof MediaRecorder === "undefined") {
        noMicrophone("This browser cannot record here.");
        return;
      }
      recordBtn.disabled = true;
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        state.stream = stream;
        var mime = TYPES.filter(function (t) { return MediaRecorder.isTypeSupported(t); })[0] || "";
        var recorder;
        try { recorder = new MediaRecorder(stream, mime ? { mimeType: mime } : undefined); }
        catch (e) { stopTracks(); noMicrophone("This browser cannot record audio here."); return; }
        return begin(recorder.mimeType || mime || "audio/webm").then(function () {
          state.recorder = recorder;
          recorder.addEventListener("dataavailable", function (e) { enqueue(e.data); });
          recorder.addEventListener("stop", function () { state.finishing = true; stopTracks(); pump(); });
          recorder.addEventListener("start", function () {
            state.t0 = performance.now(); state.taps = []; tapsList.innerHTML = "";
            setRecording(true);
            timerHelp.textContent = "Recording. Tap S, T, A and R as you begin each part.";
            state.tick = setInterval(tickTimer, 250);
          });
          if ($("p-camera").checked) startCamera();
          recorder.start(CHUNK_MS);
        });
      }).catch(function (err) {
        stopTracks();
        recordBtn.disabled = false;
        if (err && (err.name === "NotAllowedError" || err.name === "SecurityError")) {
          noMicrophone("The microphone is blocked for this page. Allow it in the browser's address bar and press Record again.");
        } else if (err && (err.name === "NotFoundError" || err.name === "OverconstrainedError")) {
          noMicrophone("No microphone was found. Plug one in and press Record again.");
        } else if (err && err.status) {
          problem(err.message);
        } else {
          noMicrophone("The microphone could not be started (" + (err && err.name || "unknown reason") + ").");
        }
      });
    }
    function noMicrophone(text) {
      problem(text + " You can also upload a recording of your answer below.");
      uploadBox.hidden = false;
      uploadBox.open = true;
    }
    function stopTracks() {
      [state.stream, state.video].forEach(function (s) {
        if (s) s.getTracks().forEach(function (t) { t.stop(); });
      });
      state.stream = null; state.video = null;
    }
    function startCamera() {
      navigator.mediaDevices.getUserMedia({ video: true }).then(function (v) {
        state.video = v; state.videoChunks = [];
        video.srcObject = v; video.hidden = false;
        var p = video.play(); if (p && p.catch) p.catch(function () {});
        try {
          var vr = new MediaRecorder(v);
          vr.addEventListener("dataavailable", function (e) { if (e.data.size) state.videoChunks.push(e.data); });
          vr.addEventListener("stop", function () {
            if (!state.videoChunks.length) return;
            review.src = URL.createObjectURL(new Blob(state.videoChunks, { type: vr.mimeType || "video/webm" }));
            reviewBox.hidden = false;
          });
          state.videoRecorder = vr;
          vr.start();
        } catch (e) { /* the preview still helps */ }
      }).catch(function () { problem("The camera could not be started; your answer is still being recorded."); });
    }
    function tickTimer() {
      var s = (performance.now() - state.t0) / 1000;
      state.seconds = s;
      timer.textContent = clock(s);
      var r = page.querySelector("input[name=version]:checked");
      timer.classList.toggle("over", !!r && s > parseFloat(r.dataset.hi));
      if (s >= 2 * 3600) stop();
    }
    function stop() {
      if (!state.recorder || state.recorder.state === "inactive") return;
      state.seconds = (performance.now() - state.t0) / 1000;
      clearInterval(state.tick);
      setRecording(false);
      recordBtn.disabled = true;
      timerHelp.textContent = "Stopped at " + clock(state.seconds) + ".";
      if (state.videoRecorder && state.videoRecorder.state !== "inactive") state.videoRecorder.stop();
      video.hidden = true;
      state.recorder.stop();
      say("Sending your answer…");
    }
    function tap(letter) {
      if (!state.recording) return;
      var at = (performance.now() - state.t0) / 1000;
      state.taps.push({ part: letter, at: Math.round(at * 100) / 100 });
      var li = document.createElement("li");
      li.textContent = letter.toUpperCase() + " " + clock(at);
      tapsList.appendChild(li);
      tapButtons.forEach(function (b) { b.classList.toggle("tapped", b.dataset.part === letter); });
    }
    tapButtons.forEach(function (b) { b.addEventListener("click", function () { tap(b.dataset.part); }); });
    document.addEventListener("keydown", function (e) {
      if (!state.recording || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      var tag = (e.target && e.target.tagName) || "";
      if (/^(INPUT|TEXTAREA|SELECT)$/.test(tag) || (e.target && e.target.isContentEditable)) return;
      var k = (e.key || "").toLowerCase();
      if (k === "s" || k === "t" || k === "a" || k === "r") { e.preventDefault(); tap(k); }
    });
    recordBtn.addEventListener("click", record);
    stopBtn.addEventListener("click", stop);

    function finish() {
      if (state.failed || state.done) return;
      state.finishing = false;
      if (state.localParts.length && !state.localUrl) {
        state.localUrl = URL.createObjectURL(new Blob(state.localParts, { type: state.localParts[0].type || "audio/webm" }));
      }
      var body = JSON.stringify({ taps: state.taps, seconds: state.seconds ? Math.round(state.seconds * 100) / 100 : null });
      send("POST", "/practice/recordings/" + state.id + "/finish", body, "application/json").then(function (data) {
        retry.hidden = true;
        state.done = state.id;
        say(data.position ? "Waiting for " + data.position + " earlier recording" + (data.position > 1 ? "s" : "") +
            " to be transcribed…" : "Transcribing your answer…");
        poll(state.id);
      }, function (err) {
        say(err.message, true);
        if (err.status === 409 && !/already sent/.test(err.message)) retry.hidden = false;
        recordBtn.disabled = false;
      });
    }
    retry.addEventListener("click", function () { retry.hidden = true; state.finishing = false; finish(); });

    function poll(id) {
      send("GET", "/practice/recordings/" + id + "/status").then(function (s) {
        bar.value = s.state === "done" ? 1 : s.progress || 0;
        bar.textContent = Math.round(bar.value * 100) + " %";
        if (s.state === "queued") {
          say(s.position ? "Waiting for " + s.position + " earlier recording" + (s.position > 1 ? "s" : "") +
              " to be transcribed…" : "About to transcribe your answer…");
        } else if (s.state === "transcribing") {
          say("Transcribing your answer: " + Math.round((s.progress || 0) * 100) + " % done…");
        }
        if (s.state === "done" || s.state === "failed") return showReport(id, s);
        setTimeout(function () { poll(id); }, 600);
      }, function (err) {
        if (!err.status) { setTimeout(function () { poll(id); }, 1500); return; }
        say(err.message, true);
      });
    }
    function showReport(id, s) {
      if (s.state === "failed") { say(s.error || "The recording could not be analysed.", true); recordBtn.disabled = false; }
      else say("Your report is ready.");
      fetch("/practice/recordings/" + id + "?partial=1", { credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          reportBox.innerHTML = html;
          wireReport(reportBox, state.localUrl);
          recordBtn.disabled = false;
          state.done = null;
          var h = reportBox.querySelector("h2");
          if (h) { h.tabIndex = -1; h.focus(); }
          document.body.dataset.report = String(id);
        });
    }

    // The upload alternative: the same chunks, from a chosen file.
    sendFile.addEventListener("click", function () {
      micError.hidden = true;
      var f = fileInput.files && fileInput.files[0];
      if (!f) { problem("Choose a recording to upload first."); return; }
      if (!f.size) { problem("This file is empty: choose the recording of your answer."); return; }
      if (!question()) { problem("Choose a question, or type your own, before you upload."); return; }
      var guess = { webm: "audio/webm", ogg: "audio/ogg", opus: "audio/ogg", wav: "audio/wav", mp3: "audio/mpeg",
                    m4a: "audio/mp4", flac: "audio/flac" }[(f.name.split(".").pop() || "").toLowerCase()];
      var mime = (f.type && f.type.indexOf("audio/") === 0 ? f.type : "") || guess || f.type || "";
      sendFile.disabled = true;
      state.localParts = [];
      if (state.localUrl) URL.revokeObjectURL(state.localUrl);
      state.localUrl = URL.createObjectURL(f);
      state.taps = []; state.seconds = 0; state.done = null;
      begin(mime).then(function () {
        say("Sending your recording…");
        state.finishing = true;
        for (var i = 0; i < f.size; i += MAX_CHUNK) state.queue.push(f.slice(i, i + MAX_CHUNK));
        pump();
        sendFile.disabled = false;
      }, function (err) { problem(err.message); sendFile.disabled = false; });
    });
  }

  // ---------------------------------------------------------------- Settings: the model download

  function modelProgress(root) {
    var box = root.querySelector("[data-model-progress]");
    if (!box) return;
    var bar = box.querySelector("progress"), text = box.querySelector("[role=status]");
    function poll() {
      fetch("/settings/speech-model/progress", { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (p) {
          if (p.total) { bar.max = p.total; bar.value = p.done; }
          text.textContent = p.message || "";
          if (p.state === "running") setTimeout(poll, 800);
          else window.location.replace("/settings#speech-model");
        }, function () { setTimeout(poll, 2000); });
    }
    poll();
  }

  function ready() {
    practicePage(document);
    wireReport(document, null);
    modelProgress(document);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
