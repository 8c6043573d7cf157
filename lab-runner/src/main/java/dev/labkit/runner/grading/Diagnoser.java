package dev.labkit.runner.grading;

import dev.labkit.checks.sdk.Received;
import dev.labkit.runner.catalog.LabManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Finds the causes that explain several failed checks at once, from every check's {@link
 * CheckEvidence}: a model name the model server does not have, endpoints the app does not
 * implement, an app that stopped answering, answers that are not JSON, an app that never calls the
 * model, event streams a browser cannot read. Each rule looks only at failed checks no earlier rule explained, and speaks only when it
 * explains at least {@value #AT_LEAST} of them: one failed check already says its own cause.
 */
final class Diagnoser {

    /** A cause is worth a diagnosis when it explains at least this many failed checks. */
    static final int AT_LEAST = 2;
    /** Statuses of an endpoint the app does not have (yet): not found, method not allowed, not implemented. */
    private static final Set<Integer> MISSING = Set.of(404, 405, 501);
    private static final int QUOTE = 80;
    private static final int LISTED = 4;

    private final List<CheckResult> results;
    private final Map<String, CheckEvidence> evidence;
    private final Map<String, String> models;
    private final String modelUrl;
    private final Set<String> explained = new LinkedHashSet<>();
    private final String health;

    /**
     * @param results the verdicts, in grading order
     * @param evidence each check's evidence by check id (a check without any has none)
     * @param models the model names the app was given, by role ({@code chat}, {@code embedding})
     * @param modelUrl {@code OLLAMA_BASE_URL} as the app was given it
     * @param health the lab's health path ({@code health:} in lab.yaml), whose answers are JSON like the API's
     */
    Diagnoser(List<CheckResult> results, Map<String, CheckEvidence> evidence, Map<String, String> models,
            String modelUrl, String health) {
        this.results = results;
        this.evidence = evidence;
        this.models = models;
        this.modelUrl = modelUrl;
        this.health = health;
    }

    /** For a lab whose health path is {@code /health}. */
    Diagnoser(List<CheckResult> results, Map<String, CheckEvidence> evidence, Map<String, String> models,
            String modelUrl) {
        this(results, evidence, models, modelUrl, LabManifest.HEALTH_PATH);
    }

    /** The causes found, most fundamental first. */
    List<Diagnosis> diagnose() {
        List<Diagnosis> found = new ArrayList<>();
        unknownModel().ifPresent(found::add);
        missingEndpoints().ifPresent(found::add);
        appStopped().ifPresent(found::add);
        notJson().ifPresent(found::add);
        brokenEventStream().ifPresent(found::add);
        noModelRequests().ifPresent(found::add);
        return found;
    }

    /** The results with each explained check's hint pointing to its diagnosis. */
    static List<CheckResult> explain(List<CheckResult> results, List<Diagnosis> diagnoses) {
        Map<String, Diagnosis> cause = new LinkedHashMap<>();
        diagnoses.forEach(d -> d.checks().forEach(id -> cause.putIfAbsent(id, d)));
        return results.stream()
                .map(r -> cause.containsKey(r.id()) ? r.withHint(cause.get(r.id()).checkHint()) : r)
                .toList();
    }

    private Optional<Diagnosis> unknownModel() {
        List<String> checks = claim(e -> e.model().stream().anyMatch(CheckEvidence.ModelCall::unknownModel));
        if (checks.isEmpty()) {
            return Optional.empty();
        }
        List<CheckEvidence.ModelCall> refused = calls(checks).model().stream()
                .filter(CheckEvidence.ModelCall::unknownModel).toList();
        String asked = refused.stream().map(c -> "\"" + c.model() + "\"").distinct().collect(Collectors.joining(", "));
        long all = calls(checks).model().size();
        String variables = refused.stream()
                .map(c -> c.endpoint().contains("embed") ? "embedding" : "chat")
                .distinct()
                .filter(models::containsKey)
                .map(role -> LabManifest.modelVariable(role) + " (\"" + models.get(role)
                        + "\" in this run)")
                .collect(Collectors.joining(" and "));
        return Optional.of(new Diagnosis(Diagnosis.UNKNOWN_MODEL, "the model server has no model named " + asked,
                (refused.size() == all ? "All " + all : refused.size() + " of the " + all)
                        + " requests your app sent to the model asked for " + asked
                        + ", a model the model server does not have: it answered " + refused.get(0).status()
                        + " (model not found) each time, so " + checks.size() + " checks failed with it.",
                "Ask for the model the environment names: " + (variables.isEmpty() ? "LAB_CHAT_MODEL" : variables)
                        + ". Read it from the environment; never hard-code a model name.",
                checks));
    }

    private Optional<Diagnosis> missingEndpoints() {
        Set<String> implemented = new LinkedHashSet<>();
        evidence.values().forEach(e -> e.app().stream()
                .filter(c -> c.status() != 0 && !MISSING.contains(c.status()))
                .forEach(c -> implemented.add(c.endpoint())));
        Predicate<CheckEvidence.AppCall> missing = c -> MISSING.contains(c.status())
                && !implemented.contains(c.endpoint());
        List<String> checks = claim(e -> e.app().stream().anyMatch(missing));
        if (checks.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Integer> endpoints = new LinkedHashMap<>();
        calls(checks).app().stream().filter(missing).forEach(c -> endpoints.putIfAbsent(c.endpoint(), c.status()));
        String listed = endpoints.entrySet().stream().limit(LISTED)
                .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "))
                + (endpoints.size() > LISTED ? " and " + (endpoints.size() - LISTED) + " more" : "");
        return Optional.of(new Diagnosis(Diagnosis.ENDPOINT_MISSING, "not implemented yet: " + listed,
                "Your app answers " + listed + " every time it is asked: not implemented yet, so " + checks.size()
                        + " checks could not test anything else.",
                "Implement " + and(List.copyOf(endpoints.keySet())) + " as the brief's contract says, "
                        + "one endpoint at a time: each makes several checks pass.",
                checks));
    }

    private Optional<Diagnosis> appStopped() {
        List<String> refused = claim(e -> e.app().stream().anyMatch(CheckEvidence.AppCall::refused));
        if (refused.isEmpty()) {
            return Optional.empty();
        }
        // The check it stopped in saw its answer break off, not a refusal: it belongs to the same cause.
        List<String> checks = new ArrayList<>(refused);
        Optional<CheckResult> stoppedIn = lastFailedBefore(refused.get(0))
                .filter(r -> evidence.getOrDefault(r.id(), CheckEvidence.NONE).app().stream()
                        .anyMatch(c -> c.status() == 0 && !c.refused()));
        stoppedIn.ifPresent(r -> {
            checks.add(0, r.id());
            explained.add(r.id());
        });
        String when = stoppedIn.map(r -> "During check " + r.id() + " your app stopped answering (its answer broke "
                        + "off), and from then on it refused connections")
                .orElse("From check " + refused.get(0) + " on, your app refused connections: it had stopped or crashed");
        return Optional.of(new Diagnosis(Diagnosis.APP_STOPPED, "your app stopped answering",
                when + ", so " + checks.size() + " checks failed with it.",
                "Read the last lines of the app's log (below) for why it stopped; an error in a request handler "
                        + "must become an error answer, never end the process.",
                checks));
    }

    /** The failed check, not explained yet, that ran just before {@code id}, if the one before it failed. */
    private Optional<CheckResult> lastFailedBefore(String id) {
        CheckResult previous = null;
        for (CheckResult result : results) {
            if (result.id().equals(id)) {
                break;
            }
            previous = result;
        }
        return Optional.ofNullable(previous)
                .filter(Diagnoser::failed)
                .filter(r -> !explained.contains(r.id()));
    }

    private Optional<Diagnosis> notJson() {
        Predicate<CheckEvidence.AppCall> notJson = c -> c.status() != 0 && c.json().equals("no") && isApi(c);
        List<String> checks = claim(e -> e.app().stream().anyMatch(notJson));
        if (checks.isEmpty()) {
            return Optional.empty();
        }
        CheckEvidence.AppCall example = calls(checks).app().stream().filter(notJson).findFirst().orElseThrow();
        return Optional.of(new Diagnosis(Diagnosis.NOT_JSON, "your app's answers are not JSON",
                "Your app's answers are not JSON: " + example.request() + " answered " + example.status() + " "
                        + quote(example.body()) + " ("
                        + (example.contentType().isEmpty() ? "no Content-Type" : example.contentType()) + "), so "
                        + checks.size() + " checks could not read them.",
                "Answer " + example.request() + " with a JSON object and Content-Type: application/json, as the "
                        + "brief's contract shows (every answer of the API is JSON, errors too).",
                checks));
    }

    private Optional<Diagnosis> brokenEventStream() {
        Predicate<CheckEvidence.AppCall> broken = c -> !c.brokenRule().isEmpty();
        List<String> checks = claim(e -> e.app().stream().anyMatch(broken));
        if (checks.isEmpty()) {
            return Optional.empty();
        }
        CheckEvidence.AppCall example = calls(checks).app().stream().filter(broken).findFirst().orElseThrow();
        return Optional.of(new Diagnosis(Diagnosis.EVENT_STREAM_BROKEN, "your event streams break the SSE format",
                "Your app's event streams cannot be read: " + example.request() + " sent " + quote(example.body())
                        + "; rule broken: " + example.brokenRule() + ". So " + checks.size()
                        + " checks could not read its events.",
                "Write each event as its data: line(s) followed by a blank line (two line ends in a row), the "
                        + "last event too, as the brief's stream example shows.",
                checks));
    }

    private Optional<Diagnosis> noModelRequests() {
        boolean none = evidence.values().stream().allMatch(e -> e.model().isEmpty());
        if (!none) {
            return Optional.empty();
        }
        List<String> checks = claim(e -> e.model().isEmpty() && e.app().stream().anyMatch(c -> c.status() != 0));
        if (checks.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Diagnosis(Diagnosis.NO_MODEL_REQUESTS, "your app never called the model",
                "Your app sent no request to the model during any check: nothing reached the lab model at "
                        + "OLLAMA_BASE_URL (" + modelUrl + "), so " + checks.size() + " checks failed with it.",
                "Send each message to the model at the address in OLLAMA_BASE_URL (read it from the environment; "
                        + "a hard-coded address such as localhost:11434 reaches another server, or none).",
                checks));
    }

    /**
     * Failed checks not explained yet whose evidence shows the cause; claimed when there are enough
     * of them, else none.
     */
    private List<String> claim(Predicate<CheckEvidence> shows) {
        List<String> checks = results.stream()
                .filter(Diagnoser::failed)
                .map(CheckResult::id)
                .filter(id -> !explained.contains(id))
                .filter(id -> shows.test(evidence.getOrDefault(id, CheckEvidence.NONE)))
                .toList();
        if (checks.size() < AT_LEAST) {
            return List.of();
        }
        explained.addAll(checks);
        return checks;
    }

    /**
     * The evidence of these checks together, visible ones first: a quote in a diagnosis comes from a
     * check whose details the learner may see when there is one.
     */
    private CheckEvidence calls(List<String> checks) {
        List<CheckEvidence.AppCall> app = new ArrayList<>();
        List<CheckEvidence.ModelCall> model = new ArrayList<>();
        results.stream()
                .filter(r -> checks.contains(r.id()))
                .sorted((a, b) -> Boolean.compare(a.hidden(), b.hidden()))
                .map(r -> evidence.getOrDefault(r.id(), CheckEvidence.NONE))
                .forEach(e -> {
                    app.addAll(e.app());
                    model.addAll(e.model());
                });
        return new CheckEvidence(app, model);
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    private static String and(List<String> items) {
        return items.size() == 1 ? items.get(0)
                : String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    /** Did not pass: failed, or could not reach a verdict. */
    private static boolean failed(CheckResult result) {
        return result.status() == CheckStatus.FAILED || result.status() == CheckStatus.ERROR;
    }

    /** An answer of the API, which the contract says is JSON: paths under /api/ and the lab's health path. */
    private boolean isApi(CheckEvidence.AppCall call) {
        String path = call.request().substring(call.request().indexOf(' ') + 1);
        return path.startsWith("/api/") || path.equals(health);
    }

    /** The text in quotes, cut, escaped as the checks' own messages show what was received. */
    static String quote(String text) {
        String cut = text.length() <= QUOTE ? text : text.substring(0, QUOTE) + "…";
        return "\"" + Received.escape(cut).replace("\"", "\\\"") + "\"";
    }
}
