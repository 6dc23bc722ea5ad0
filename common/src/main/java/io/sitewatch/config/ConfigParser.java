package io.sitewatch.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sitewatch.model.AlertingPolicy;
import io.sitewatch.model.Expect;
import io.sitewatch.model.StatusRange;
import io.sitewatch.model.Target;
import io.sitewatch.time.Durations;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;

/**
 * Reads {@code config.json} (or YAML) strictly: unknown keys are errors, every value is checked, and every
 * problem is collected with its path ({@code websites[2].interval: must be at least 1s, was 0s}) and reported
 * at once in a {@link ConfigException}.
 */
public final class ConfigParser {
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_INTERVAL = Duration.ofHours(24);
    static final Duration MAX_WINDOW = Duration.ofDays(1);
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private static final List<String> ROOT_KEYS = List.of("websites", "defaults", "alerting", "dashboard");
    private static final List<String> WEBSITE_KEYS = List.of("name", "url", "interval", "timeout", "method",
            "headers", "expect", "followRedirects", "maxRedirects", "alerting", "regions");
    private static final List<String> EXPECT_KEYS = List.of("status", "bodyContains");
    private static final List<String> ALERTING_KEYS = List.of("threshold", "window", "minSamples");
    private static final List<String> DEFAULTS_KEYS = List.of("interval", "timeout");
    private static final List<String> DASHBOARD_KEYS = List.of("views");
    private static final List<String> VIEW_KEYS = List.of("window", "refresh");

    // Strict reading: a key twice in one object, and anything after the first value (text after the JSON, a second
    // YAML document), are errors rather than silently ignored.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectMapper YAML = new YAMLMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern DUPLICATE_KEY = Pattern.compile("^Duplicate field '(.*)' for `ObjectNode`.*",
            Pattern.DOTALL);

    private ConfigParser() {
    }

    /** Reads a file; {@code .yaml}/{@code .yml} are YAML, anything else JSON. */
    public static SitewatchConfig load(Path file) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(file.toString(), List.of(file + ": is a directory; pass the path of the "
                        + "config file, e.g. " + file.resolve("config.json")));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of(file + ": no such file; pass the path of your config.json"));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(file + ": cannot read: " + e.getMessage()));
        }
        String text = utf8(bytes, file.toString());
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return parse(text, name.endsWith(".yaml") || name.endsWith(".yml"), file.toString());
    }

    /**
     * The file's text. A byte-order mark (which some Windows editors write) is dropped; bytes that are not UTF-8
     * (a file saved as Latin-1 or UTF-16) are an error naming where the first one is.
     */
    private static String utf8(byte[] bytes, String source) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            int column = new String(bytes, lineStart, at - lineStart, StandardCharsets.UTF_8).length() + 1;
            throw new ConfigException(source, List.of("line " + line + ", column " + column + ": not UTF-8 text (byte "
                    + String.format("0x%02X", bytes[at] & 0xff) + "); save the file as UTF-8"));
        }
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Parses config text. {@code source} names it in messages. */
    public static SitewatchConfig parse(String text, boolean yaml, String source) {
        JsonNode root = readTree(text, yaml, source);
        Problems p = new Problems();
        SitewatchConfig config = parseRoot(root, p);
        if (!p.isEmpty()) {
            throw new ConfigException(source, yaml ? p.list().stream().map(ConfigParser::yamlBoolean).toList() : p.list());
        }
        return config;
    }

    /**
     * YAML 1.1 reads a bare {@code yes}, {@code no}, {@code on} or {@code off} as a boolean: a region named
     * {@code no} or a name {@code on} arrives as {@code false} or {@code true}, and "was false" alone would puzzle.
     */
    private static String yamlBoolean(String message) {
        return message.endsWith("was true") || message.endsWith("was false") || message.endsWith("was a boolean")
                ? message + " (YAML reads yes, no, on and off as true and false: quote the value, e.g. \"no\")"
                : message;
    }

    /**
     * Validates one website object exactly as in the config file (used by the API that writes targets).
     * Paths in messages are relative to the object ({@code interval: ...}).
     */
    public static Target parseWebsite(JsonNode node, SitewatchConfig.Defaults defaults, AlertingPolicy fileAlerting) {
        Problems p = new Problems();
        Target t = website(node, "", defaults, fileAlerting == null ? AlertingPolicy.NONE : fileAlerting, p);
        if (!p.isEmpty() || t == null) {
            throw new ConfigException("website", p.list());
        }
        return t;
    }

    private static JsonNode readTree(String text, boolean yaml, String source) {
        if (yaml) {
            rejectAliases(text, source);
        }
        try {
            JsonNode root = (yaml ? YAML : JSON).readTree(text);
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw new ConfigException(source, List.of("(root): the file is empty; it needs at least {\"websites\": [...]}"));
            }
            return root;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
            throw new ConfigException(source, List.of(where + "invalid " + (yaml ? "YAML" : "JSON") + ": "
                    + syntaxProblem(e, yaml)));
        }
    }

    /**
     * Jackson reads a YAML alias ({@code *name}) as the string "name" and a merge key ({@code <<: *name}) as an
     * unknown key, which would send the user after the wrong problem: say what it is instead. Syntax errors are left
     * to Jackson's reading, which words them.
     */
    private static void rejectAliases(String text, String source) {
        try {
            for (Event e : new org.yaml.snakeyaml.Yaml().parse(new StringReader(text))) {
                if (e instanceof AliasEvent alias) {
                    Mark m = alias.getStartMark();
                    throw new ConfigException(source, List.of("line " + (m.getLine() + 1) + ", column "
                            + (m.getColumn() + 1) + ": invalid YAML: aliases (*" + alias.getAnchor() + ") and merge "
                            + "keys (<<) are not supported; write the values out in full"));
                }
            }
        } catch (YAMLException e) {
            // a syntax error: reported by readTree
        }
    }

    /** The parser's complaint in the user's terms, without Jackson's class and feature names. */
    private static String syntaxProblem(JsonProcessingException e, boolean yaml) {
        String message = e.getOriginalMessage();
        var duplicate = DUPLICATE_KEY.matcher(message);
        if (duplicate.matches()) {
            return "key \"" + duplicate.group(1) + "\" appears twice in the same object; keep one";
        }
        if (message.startsWith("Trailing token")) {
            return yaml ? "more than one document (a second '---'); keep the websites in one document"
                    : "more text after the end of the JSON object; remove it";
        }
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblem() != null) {
            // SnakeYAML's own message spans several lines with an excerpt of the file; keep the problem and what it
            // was parsing
            return y.getProblem() + (y.getContext() == null ? "" : " (" + y.getContext() + ")");
        }
        return message.replaceAll("\\s*\\(for (Array|Object) starting at .*$", "");
    }

    private static SitewatchConfig parseRoot(JsonNode root, Problems p) {
        if (!root.isObject()) {
            p.add("", "must be an object with \"websites\", was " + kind(root));
            return null;
        }
        unknownKeys(root, "", ROOT_KEYS, p);

        SitewatchConfig.Defaults defaults = defaults(root.get("defaults"), p);
        AlertingPolicy alerting = root.has("alerting")
                ? alerting(root.get("alerting"), "alerting", null, p) : AlertingPolicy.NONE;
        List<SitewatchConfig.View> views = dashboard(root.get("dashboard"), p);

        List<Target> websites = new ArrayList<>();
        JsonNode sites = root.get("websites");
        if (sites == null) {
            p.add("websites", "is required: a list of {\"name\": ..., \"url\": ...}");
        } else if (!sites.isArray()) {
            p.add("websites", "must be a list, was " + kind(sites));
        } else {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < sites.size(); i++) {
                String path = "websites[" + i + "]";
                Target t = website(sites.get(i), path, defaults, alerting == null ? AlertingPolicy.NONE : alerting, p);
                // names are compared even when a website has other problems, so that every problem is listed at once
                String id = t != null ? t.id() : siteId(sites.get(i));
                Integer first = id == null ? null : seen.putIfAbsent(id, i);
                if (first != null) {
                    boolean derived = !sites.get(i).has("name");
                    p.add(path + ".name", "\"" + id + "\"" + (derived ? " (derived from the URL's host)" : "")
                            + " is already used by websites[" + first + "]; give each website a unique "
                            + (derived ? "\"name\"" : "name"));
                } else if (t != null) {
                    websites.add(t);
                }
            }
        }
        return p.isEmpty() ? new SitewatchConfig(websites, defaults, alerting, views) : null;
    }

    private static SitewatchConfig.Defaults defaults(JsonNode node, Problems p) {
        if (node == null) {
            return SitewatchConfig.Defaults.DEFAULT;
        }
        if (!node.isObject()) {
            p.add("defaults", "must be an object, was " + kind(node));
            return SitewatchConfig.Defaults.DEFAULT;
        }
        unknownKeys(node, "defaults", DEFAULTS_KEYS, p);
        Duration interval = interval(node.get("interval"), "defaults.interval", p);
        Duration timeout = duration(node.get("timeout"), "defaults.timeout", p);
        if (timeout != null && !positive(timeout, "defaults.timeout", p)) {
            timeout = null;
        }
        Duration i = interval != null ? interval : Target.DEFAULT_INTERVAL;
        if (timeout != null && timeout.compareTo(i) >= 0) {
            p.add("defaults.timeout", "must be less than defaults.interval (" + Durations.format(i) + "), was "
                    + Durations.format(timeout));
            timeout = null;
        }
        return new SitewatchConfig.Defaults(i, timeout != null ? timeout : Target.DEFAULT_TIMEOUT);
    }

    private static Target website(JsonNode node, String path, SitewatchConfig.Defaults defaults,
                                  AlertingPolicy fileAlerting, Problems p) {
        String at = path.isEmpty() ? "" : path + ".";
        if (node == null || !node.isObject()) {
            p.add(path, "must be an object like {\"name\": \"example\", \"url\": \"https://example.com\"}, was "
                    + kind(node));
            return null;
        }
        int before = p.size();
        unknownKeys(node, path, WEBSITE_KEYS, p);

        String url = null;
        String host = null;
        JsonNode urlNode = node.get("url");
        if (urlNode == null) {
            p.add(at + "url", "is required: the http(s) address to check, e.g. \"https://example.com\"");
        } else if (!urlNode.isTextual()) {
            p.add(at + "url", "must be a string, was " + kind(urlNode));
        } else {
            url = urlNode.asText().trim();
            host = checkUrl(url, at + "url", p);
            if (host != null) {
                url = lowerCaseScheme(url);
            }
        }

        String name = null;
        JsonNode nameNode = node.get("name");
        if (nameNode != null) {
            if (!nameNode.isTextual()) {
                p.add(at + "name", "must be a string, was " + kind(nameNode));
            } else if (!Target.SLUG.matcher(nameNode.asText()).matches()) {
                p.add(at + "name", "must be a slug: lowercase letters, digits, '.', '_' or '-', starting with a letter "
                        + "or digit, at most 63 characters, was \"" + nameNode.asText() + "\"");
            } else {
                name = nameNode.asText();
            }
        } else if (host != null) {
            name = slugFromHost(host);
            if (name == null) {
                p.add(at + "name", "cannot be derived from host \"" + host + "\"; set \"name\"");
            }
        }

        Duration interval = interval(node.get("interval"), at + "interval", p);
        if (interval == null) {
            interval = defaults.interval();
        }
        Duration timeout = duration(node.get("timeout"), at + "timeout", p);
        if (timeout != null) {
            if (positive(timeout, at + "timeout", p) && timeout.compareTo(interval) >= 0) {
                p.add(at + "timeout", "must be less than interval (" + Durations.format(interval) + "), was "
                        + Durations.format(timeout));
            }
        } else {
            timeout = Target.defaultTimeout(interval, defaults.timeout());
        }

        String method = "GET";
        JsonNode m = node.get("method");
        if (m != null) {
            if (!m.isTextual() || !Target.METHODS.contains(m.asText().toUpperCase(Locale.ROOT))) {
                p.add(at + "method", "must be one of GET, HEAD, POST, was " + show(m));
            } else {
                method = m.asText().toUpperCase(Locale.ROOT);
            }
        }

        Map<String, String> headers = headers(node.get("headers"), at + "headers", p);
        Expect expect = expect(node.get("expect"), at + "expect", p);
        if ("HEAD".equals(method) && expect.bodyContains() != null) {
            p.add(at + "expect.bodyContains", "cannot be checked with method HEAD, whose responses have no body (every "
                    + "check would fail); use method GET, or drop bodyContains");
        }

        boolean follow = true;
        JsonNode f = node.get("followRedirects");
        if (f != null) {
            if (!f.isBoolean()) {
                p.add(at + "followRedirects", "must be true or false, was " + show(f));
            } else {
                follow = f.asBoolean();
            }
        }
        int maxRedirects = Target.DEFAULT_MAX_REDIRECTS;
        JsonNode mr = node.get("maxRedirects");
        if (mr != null) {
            if (!mr.canConvertToInt() || !mr.isIntegralNumber() || mr.asInt() < 0 || mr.asInt() > 20) {
                p.add(at + "maxRedirects", "must be a whole number from 0 to 20, was " + show(mr));
            } else {
                maxRedirects = mr.asInt();
            }
        }

        AlertingPolicy alerting = fileAlerting;
        boolean ownWindow = false;
        if (node.has("alerting")) {
            AlertingPolicy own = alerting(node.get("alerting"), at + "alerting", interval, p);
            if (own != null) {
                alerting = own.orElse(fileAlerting);
                ownWindow = own.window() != null;
            }
        }
        if (alerting != null && alerting.window() != null && alerting.window().compareTo(interval) < 0) {
            if (ownWindow || path.isEmpty()) {
                p.add(at + "alerting.window", "must be at least the interval (" + Durations.format(interval)
                        + ") so that a window holds a check, was " + Durations.format(alerting.window()));
            } else {
                // the window comes from the file's alerting section: name the key the user wrote
                p.add("alerting.window", "must be at least the interval of " + path + " (" + Durations.format(interval)
                        + ") so that a window holds a check, was " + Durations.format(alerting.window()) + "; or give "
                        + path + " its own alerting.window");
            }
        }

        List<String> regions = regions(node.get("regions"), at + "regions", p);

        if (p.size() > before || name == null || url == null) {
            return null;
        }
        return new Target(name, url, interval, timeout, method, headers, expect, follow, maxRedirects, alerting,
                regions);
    }

    private static String checkUrl(String url, String path, Problems p) {
        if (EnvReferences.hasReference(url)) {
            p.add(path, "cannot hold ${ENV} references (only header values can); write the URL itself, and put a "
                    + "secret in a header such as \"Authorization\": \"Bearer ${TOKEN}\"");
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
                // a host without a scheme (example.com, //example.com, localhost:8080): say the scheme is missing
                boolean hostOnly = !url.isEmpty() && !url.contains("://")
                        && (scheme == null || url.matches("[^:/]+:\\d.*"));
                String fix = hostOnly ? "; write \"https://" + url.replaceFirst("^/+", "") + "\"" : "";
                p.add(path, "must start with http:// or https://, was \"" + url + "\"" + fix);
                return null;
            }
            if (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
                p.add(path, "must not hold credentials (user:password@); send them in \"headers\" with an "
                        + "${ENV} reference");
                return null;
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                p.add(path, uri.getRawAuthority() == null || uri.getRawAuthority().isBlank()
                        ? "must name a host, e.g. \"https://example.com/health\", was \"" + url + "\""
                        : "has a host that is not a valid host name or address, was \"" + uri.getRawAuthority()
                                + "\"; use letters, digits, '-' and '.' (international names in punycode, xn--...) "
                                + "and a port from 1 to 65535");
                return null;
            }
            if (uri.getPort() == 0 || uri.getPort() > 65535) {
                p.add(path, "port must be from 1 to 65535, was " + uri.getPort());
                return null;
            }
            return uri.getHost();
        } catch (URISyntaxException e) {
            p.add(path, invalidUrl(url, e));
            return null;
        }
    }

    /**
     * What {@link URI} refused, in the user's terms: which character where, and how to write it
     * ({@code has a space in its path at character 22; write it as %20}).
     */
    private static String invalidUrl(String url, URISyntaxException e) {
        int i = e.getIndex();
        String reason = e.getReason();
        String prefix = "Illegal character in ";
        if (i >= 0 && i < url.length() && reason.startsWith(prefix)) {
            String part = reason.substring(prefix.length());
            if (part.equals("authority")) {
                // URI points at the start of the authority: find the character itself
                for (int j = i; j < url.length() && "/?#".indexOf(url.charAt(j)) < 0; j++) {
                    char c = url.charAt(j);
                    if (!(Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@[]%".indexOf(c) >= 0)) {
                        i = j;
                        break;
                    }
                }
            }
            int cp = url.codePointAt(i);
            String what = cp == ' ' ? "a space" : Character.isISOControl(cp) || Character.isWhitespace(cp)
                    ? String.format("the control character U+%04X", cp) : "'" + Character.toString(cp) + "'";
            String at = "has " + what + " in its " + part + " at character " + (i + 1);
            if (part.equals("authority") || part.equals("scheme name")) {
                return at + "; a host holds letters, digits, '-' and '.' only, was \"" + url + "\"";
            }
            StringBuilder encoded = new StringBuilder();
            for (byte b : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) {
                encoded.append(String.format("%%%02X", b & 0xff));
            }
            return at + "; write it as " + encoded + ", was \"" + url + "\"";
        }
        return "is not a valid URL (" + reason.toLowerCase(Locale.ROOT) + " at character " + (i + 1) + "), was \""
                + url + "\"";
    }

    /** {@code HTTPS://example.com} → {@code https://example.com}: schemes are case-insensitive, and stored lower case. */
    private static String lowerCaseScheme(String url) {
        int colon = url.indexOf(':');
        return url.substring(0, colon).toLowerCase(Locale.ROOT) + url.substring(colon);
    }

    /** The id a website object gets (its valid {@code name}, or one derived from its URL's host), or null. */
    private static String siteId(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode name = node.get("name");
        if (name != null) {
            return name.isTextual() && Target.SLUG.matcher(name.asText()).matches() ? name.asText() : null;
        }
        JsonNode url = node.get("url");
        if (url == null || !url.isTextual()) {
            return null;
        }
        try {
            String host = new URI(url.asText().trim()).getHost();
            return host == null ? null : slugFromHost(host);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** {@code www.Example.com} → {@code www-example-com}. */
    static String slugFromHost(String host) {
        String s = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 63) {
            s = s.substring(0, 63).replaceAll("-+$", "");
        }
        return Target.SLUG.matcher(s).matches() ? s : null;
    }

    private static Map<String, String> headers(JsonNode node, String path, Problems p) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (node == null) {
            return headers;
        }
        if (!node.isObject()) {
            p.add(path, "must be an object of header names to string values, was " + kind(node));
            return headers;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String hp = path + "." + e.getKey();
            if (!HEADER_NAME.matcher(e.getKey()).matches()) {
                p.add(hp, "is not a valid HTTP header name");
                continue;
            }
            if (!e.getValue().isTextual()) {
                p.add(hp, "must be a string (use \"${ENV_NAME}\" for secrets), was " + kind(e.getValue()));
                continue;
            }
            String v = e.getValue().asText();
            String problem = EnvReferences.problem(v);
            if (problem != null) {
                p.add(hp, problem);
            } else if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                p.add(hp, "must not contain line breaks");
            } else if (e.getKey().equalsIgnoreCase("Accept-Encoding") && !v.trim().equalsIgnoreCase("identity")) {
                // with it, the HTTP client no longer decodes the body: bodyContains would search compressed bytes
                p.add(hp, "is set by the prober, which asks for gzip and decodes the body before bodyContains and the "
                        + "size limit; remove it (only \"identity\" is accepted, to ask for no compression)");
            } else {
                headers.put(e.getKey(), v);
            }
        }
        return headers;
    }

    private static Expect expect(JsonNode node, String path, Problems p) {
        if (node == null) {
            return Expect.DEFAULT;
        }
        if (!node.isObject()) {
            p.add(path, "must be an object like {\"status\": [200], \"bodyContains\": \"ok\"}, was " + kind(node));
            return Expect.DEFAULT;
        }
        unknownKeys(node, path, EXPECT_KEYS, p);
        List<StatusRange> status = new ArrayList<>();
        JsonNode s = node.get("status");
        if (s != null) {
            List<JsonNode> items = new ArrayList<>();
            if (s.isArray()) {
                s.forEach(items::add);
                if (items.isEmpty()) {
                    p.add(path + ".status", "must list at least one status, e.g. [200] or [\"200-299\"]");
                }
            } else {
                items.add(s);
            }
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                String ip = s.isArray() ? path + ".status[" + i + "]" : path + ".status";
                try {
                    if (item.isIntegralNumber()) {
                        status.add(StatusRange.of(item.asInt()));
                    } else if (item.isTextual()) {
                        status.add(StatusRange.parse(item.asText()));
                    } else {
                        p.add(ip, "must be a code (200), a range (\"200-299\") or a class (\"2xx\"), was " + show(item));
                    }
                } catch (IllegalArgumentException e) {
                    p.add(ip, e.getMessage().replaceFirst("^status ", ""));
                }
            }
        }
        String body = null;
        JsonNode b = node.get("bodyContains");
        if (b != null) {
            if (!b.isTextual() || b.asText().isEmpty()) {
                p.add(path + ".bodyContains", "must be a non-empty string, was " + show(b));
            } else {
                body = b.asText();
            }
        }
        return new Expect(status, body);
    }

    private static AlertingPolicy alerting(JsonNode node, String path, Duration interval, Problems p) {
        if (node == null || !node.isObject()) {
            p.add(path, "must be an object like {\"threshold\": 0.8, \"window\": \"2m\"}, was " + kind(node));
            return null;
        }
        unknownKeys(node, path, ALERTING_KEYS, p);
        Double threshold = null;
        JsonNode t = node.get("threshold");
        if (t != null) {
            if (!t.isNumber() || t.asDouble() <= 0 || t.asDouble() > 1) {
                p.add(path + ".threshold", "must be a number above 0 and at most 1 (0.8 means 80%), was " + show(t));
            } else {
                threshold = t.asDouble();
            }
        }
        Duration window = duration(node.get("window"), path + ".window", p);
        if (window != null) {
            if (window.compareTo(MIN_INTERVAL) < 0) {
                p.add(path + ".window", "must be at least 1s, was " + Durations.format(window));
                window = null;
            } else if (window.compareTo(MAX_WINDOW) > 0) {
                p.add(path + ".window", "must be at most 1d, was " + Durations.format(window));
                window = null;
            }
        }
        Integer minSamples = null;
        JsonNode ms = node.get("minSamples");
        if (ms != null) {
            if (ms.isIntegralNumber() && !ms.canConvertToInt() && ms.bigIntegerValue().signum() > 0) {
                p.add(path + ".minSamples", "is too large (a window never holds that many checks), was " + show(ms));
            } else if (!ms.isIntegralNumber() || !ms.canConvertToInt() || ms.asInt() < 1) {
                p.add(path + ".minSamples", "must be a whole number of at least 1, was " + show(ms));
            } else {
                minSamples = ms.asInt();
            }
        }
        return new AlertingPolicy(threshold, window, minSamples);
    }

    private static List<SitewatchConfig.View> dashboard(JsonNode node, Problems p) {
        if (node == null) {
            return SitewatchConfig.DEFAULT_VIEWS;
        }
        if (!node.isObject()) {
            p.add("dashboard", "must be an object like {\"views\": [...]}, was " + kind(node));
            return SitewatchConfig.DEFAULT_VIEWS;
        }
        unknownKeys(node, "dashboard", DASHBOARD_KEYS, p);
        JsonNode views = node.get("views");
        if (views == null) {
            return SitewatchConfig.DEFAULT_VIEWS;
        }
        if (!views.isArray() || views.isEmpty()) {
            p.add("dashboard.views", "must be a non-empty list of {\"window\": \"10m\", \"refresh\": \"10s\"}, was "
                    + show(views));
            return SitewatchConfig.DEFAULT_VIEWS;
        }
        List<SitewatchConfig.View> out = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            String vp = "dashboard.views[" + i + "]";
            JsonNode v = views.get(i);
            if (!v.isObject()) {
                p.add(vp, "must be an object like {\"window\": \"10m\", \"refresh\": \"10s\"}, was " + kind(v));
                continue;
            }
            unknownKeys(v, vp, VIEW_KEYS, p);
            Duration window = duration(v.get("window"), vp + ".window", p);
            Duration refresh = duration(v.get("refresh"), vp + ".refresh", p);
            if (v.get("window") == null) {
                p.add(vp + ".window", "is required, e.g. \"10m\"");
            }
            if (v.get("refresh") == null) {
                p.add(vp + ".refresh", "is required, e.g. \"10s\"");
            }
            if (window != null && window.compareTo(Duration.ofSeconds(10)) < 0) {
                p.add(vp + ".window", "must be at least 10s, was " + Durations.format(window));
                window = null;
            }
            if (window != null && window.compareTo(Duration.ofDays(31)) > 0) {
                p.add(vp + ".window", "must be at most 31d, was " + Durations.format(window));
                window = null;
            }
            if (refresh != null && refresh.compareTo(MIN_INTERVAL) < 0) {
                p.add(vp + ".refresh", "must be at least 1s, was " + Durations.format(refresh));
                refresh = null;
            }
            if (window != null && refresh != null) {
                if (refresh.compareTo(window) > 0) {
                    p.add(vp + ".refresh", "must not be longer than the window (" + Durations.format(window)
                            + "), was " + Durations.format(refresh));
                } else {
                    out.add(new SitewatchConfig.View(window, refresh));
                }
            }
        }
        return out;
    }

    private static List<String> regions(JsonNode node, String path, Problems p) {
        List<String> regions = new ArrayList<>();
        if (node == null) {
            return regions;
        }
        if (!node.isArray()) {
            p.add(path, "must be a list of region names, e.g. [\"eu-west\"], was " + kind(node));
            return regions;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode r = node.get(i);
            if (!r.isTextual() || !Target.REGION.matcher(r.asText()).matches()) {
                p.add(path + "[" + i + "]", "must be a region name (lowercase letters, digits, '-', '_'), was " + show(r));
            } else if (!regions.contains(r.asText())) {
                regions.add(r.asText());
            }
        }
        return regions;
    }

    private static Duration interval(JsonNode node, String path, Problems p) {
        Duration d = duration(node, path, p);
        if (d == null) {
            return null;
        }
        if (d.compareTo(MIN_INTERVAL) < 0) {
            p.add(path, "must be at least 1s, was " + Durations.format(d));
            return null;
        }
        if (d.compareTo(MAX_INTERVAL) > 0) {
            p.add(path, "must be at most 24h, was " + Durations.format(d));
            return null;
        }
        return d;
    }

    private static Duration duration(JsonNode node, String path, Problems p) {
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            p.add(path, "must be " + Durations.EXPECTED + " (a string), was " + show(node)
                    + (node.isIntegralNumber() ? "; add a unit, e.g. \"" + node.asText() + "s\"" : ""));
            return null;
        }
        try {
            return Durations.parse(node.asText());
        } catch (IllegalArgumentException e) {
            p.add(path, e.getMessage());
            return null;
        }
    }

    private static boolean positive(Duration d, String path, Problems p) {
        if (d.isNegative() || d.isZero()) {
            p.add(path, "must be more than 0s, was " + Durations.format(d));
            return false;
        }
        return true;
    }

    private static void unknownKeys(JsonNode node, String path, List<String> known, Problems p) {
        Set<String> unknown = new TreeSet<>();
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                unknown.add(k);
            }
        });
        for (String k : unknown) {
            String hint = closest(k, known);
            p.add((path.isEmpty() ? "" : path + ".") + k, "unknown key"
                    + (hint != null ? "; did you mean \"" + hint + "\"?" : "; known keys: " + String.join(", ", known)));
        }
    }

    private static String closest(String key, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(key.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= Math.max(1, key.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return "a number";
    }

    private static String show(JsonNode node) {
        if (node == null) {
            return "missing";
        }
        if (node.isContainerNode()) {
            return kind(node);
        }
        String s = node.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
