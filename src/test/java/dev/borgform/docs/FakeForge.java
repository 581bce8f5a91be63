package dev.borgform.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of GitHub's REST API and GitLab's API v4 the CI recipes call, over real HTTP on the
 * loopback (the JDK's server), keeping comments, notes and issues in memory so a test can see what
 * a recipe created and edited. Each answer is the JSON the real API gives, reduced to the fields
 * the recipes read; a request without the expected credentials gets 401.
 */
final class FakeForge implements AutoCloseable {
  static final String GITHUB_TOKEN = "github-token";
  static final String GITLAB_TOKEN = "project-access-token";

  /** A comment, MR note or issue note: where it is (issue or MR number) and its body. */
  record Comment(long id, long on, String body) {}

  /** An issue: its number (GitHub) or iid (GitLab), title, labels, whether open, body. */
  record Issue(long number, String title, List<String> labels, boolean open, String body) {}

  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  final List<Comment> comments = new ArrayList<>();
  final List<Issue> issues = new ArrayList<>();
  final List<String> requests = new ArrayList<>();
  private long nextId = 1000;

  FakeForge() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** GitHub's {@code GITHUB_API_URL}. */
  String githubUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** GitLab's {@code CI_API_V4_URL}. */
  String gitlabUrl() {
    return githubUrl() + "/api/v4";
  }

  synchronized List<Comment> commentsOn(long number) {
    return comments.stream().filter(c -> c.on() == number).toList();
  }

  synchronized List<String> takeRequests() {
    List<String> r = List.copyOf(requests);
    requests.clear();
    return r;
  }

  /** An issue opened by someone else (or by an earlier night), to be reused. */
  synchronized Issue openIssue(String title, String label) {
    Issue i = new Issue(issues.size() + 1, title, List.of(label), true, "opened by hand");
    issues.add(i);
    return i;
  }

  synchronized void closeAll() {
    issues.replaceAll(i -> new Issue(i.number(), i.title(), i.labels(), false, i.body()));
  }

  private static final Pattern GH_COMMENTS =
      Pattern.compile("/repos/[^/]+/[^/]+/issues/(\\d+)/comments");
  private static final Pattern GH_COMMENT =
      Pattern.compile("/repos/[^/]+/[^/]+/issues/comments/(\\d+)");
  private static final Pattern GH_ISSUES = Pattern.compile("/repos/[^/]+/[^/]+/issues");
  private static final Pattern GH_LABELS = Pattern.compile("/repos/[^/]+/[^/]+/labels");
  private static final Pattern GL_NOTES =
      Pattern.compile("/api/v4/projects/\\d+/(merge_requests|issues)/(\\d+)/notes(?:/(\\d+))?");
  private static final Pattern GL_ISSUES = Pattern.compile("/api/v4/projects/\\d+/issues");

  private synchronized void handle(HttpExchange x) throws IOException {
    try (x) {
      URI uri = x.getRequestURI();
      String path = uri.getPath();
      String method = x.getRequestMethod();
      requests.add(method + " " + path);
      boolean gitlab = path.startsWith("/api/v4/");
      String auth =
          gitlab
              ? x.getRequestHeaders().getFirst("PRIVATE-TOKEN")
              : x.getRequestHeaders().getFirst("Authorization");
      if (!(gitlab ? GITLAB_TOKEN : "Bearer " + GITHUB_TOKEN).equals(auth)) {
        send(x, 401, json.createObjectNode().put("message", "Bad credentials"));
        return;
      }
      byte[] raw = x.getRequestBody().readAllBytes();
      JsonNode body = raw.length == 0 ? json.createObjectNode() : json.readTree(raw);
      String query = uri.getQuery() == null ? "" : uri.getQuery();
      Matcher ghComments = GH_COMMENTS.matcher(path);
      Matcher ghComment = GH_COMMENT.matcher(path);
      Matcher glNotes = GL_NOTES.matcher(path);
      if (!gitlab && ghComments.matches()) {
        long on = Long.parseLong(ghComments.group(1));
        if (method.equals("GET")) {
          send(x, 200, list(commentsOn(on)));
        } else {
          Comment c = new Comment(nextId++, on, body.path("body").asText());
          comments.add(c);
          send(x, 201, node(c));
        }
      } else if (!gitlab && ghComment.matches() && method.equals("PATCH")) {
        send(x, edit(Long.parseLong(ghComment.group(1)), body.path("body").asText()));
      } else if (!gitlab && GH_LABELS.matcher(path).matches()) {
        send(x, 422, json.createObjectNode().put("message", "Validation Failed"));
      } else if (!gitlab && GH_ISSUES.matcher(path).matches()) {
        if (method.equals("GET")) {
          send(x, 200, issueList(query, "state=open", i -> i.number()));
        } else {
          send(x, 201, created(body, "body", "labels"));
        }
      } else if (gitlab && glNotes.matches()) {
        // Merge requests and issues get numbers from different ranges, so notes stay apart.
        long on =
            Long.parseLong(glNotes.group(2)) + (glNotes.group(1).equals("issues") ? 100_000 : 0);
        if (glNotes.group(3) != null && method.equals("PUT")) {
          send(x, edit(Long.parseLong(glNotes.group(3)), body.path("body").asText()));
        } else if (method.equals("GET")) {
          send(x, 200, list(commentsOn(on)));
        } else {
          Comment c = new Comment(nextId++, on, body.path("body").asText());
          comments.add(c);
          send(x, 201, node(c));
        }
      } else if (gitlab && GL_ISSUES.matcher(path).matches()) {
        if (method.equals("GET")) {
          send(x, 200, issueList(query, "state=opened", i -> i.number()));
        } else {
          send(x, 201, created(body, "description", "labels"));
        }
      } else {
        send(x, 404, json.createObjectNode().put("message", "Not Found"));
      }
    }
  }

  private JsonNode created(JsonNode body, String bodyField, String labelsField) {
    List<String> labels = new ArrayList<>();
    JsonNode l = body.path(labelsField);
    if (l.isArray()) l.forEach(n -> labels.add(n.asText()));
    else if (l.isTextual()) labels.addAll(List.of(l.asText().split(",")));
    Issue i =
        new Issue(
            issues.size() + 1,
            body.path("title").asText(),
            labels,
            true,
            body.path(bodyField).asText());
    issues.add(i);
    return json.createObjectNode().put("number", i.number()).put("iid", i.number());
  }

  private ArrayNode issueList(
      String query, String openParam, java.util.function.ToLongFunction<Issue> id) {
    ArrayNode out = json.createArrayNode();
    boolean onlyOpen = query.contains(openParam);
    String label = null;
    for (String p : query.split("&")) {
      if (p.startsWith("labels=")) label = p.substring("labels=".length());
    }
    // Newest first, as both APIs list them.
    for (int k = issues.size() - 1; k >= 0; k--) {
      Issue i = issues.get(k);
      if (onlyOpen && !i.open()) continue;
      if (label != null && !i.labels().contains(label)) continue;
      out.add(
          json.createObjectNode()
              .put("number", id.applyAsLong(i))
              .put("iid", id.applyAsLong(i))
              .put("title", i.title()));
    }
    return out;
  }

  private JsonNode edit(long id, String body) {
    for (int k = 0; k < comments.size(); k++) {
      Comment c = comments.get(k);
      if (c.id() == id) {
        comments.set(k, new Comment(id, c.on(), body));
        return node(comments.get(k));
      }
    }
    return null;
  }

  private ArrayNode list(List<Comment> cs) {
    ArrayNode a = json.createArrayNode();
    for (Comment c : cs) a.add(node(c));
    return a;
  }

  private ObjectNode node(Comment c) {
    return json.createObjectNode()
        .put("id", c.id())
        .put("body", c.body())
        .set("user", json.createObjectNode().put("id", 1).put("login", "bot"));
  }

  private void send(HttpExchange x, JsonNode edited) throws IOException {
    if (edited == null) send(x, 404, json.createObjectNode().put("message", "Not Found"));
    else send(x, 200, edited);
  }

  private void send(HttpExchange x, int status, JsonNode body) throws IOException {
    byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
