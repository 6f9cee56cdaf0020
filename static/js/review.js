/* After posting a comment the page is opened as ?posted=<comment>#comment-…
 * and says "Comment posted." once; drop the parameter so a reload or a
 * bookmark does not say it again (the #comment anchor stays). */
(function () {
  "use strict";
  var url = new URL(window.location.href);
  if (!url.searchParams.has("posted")) return;
  url.searchParams.delete("posted");
  window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
})();
