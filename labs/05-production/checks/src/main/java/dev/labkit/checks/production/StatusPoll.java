package dev.labkit.checks.production;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Polls a path until it answers a status, within a deadline: how a check waits for readiness to follow the
 * model server or Redis going down or coming back (the contract lets an app cache its probe for 1 s).
 */
final class StatusPoll {

    /**
     * The last answer, and what every poll got (a status, or why there was none), for messages.
     *
     * @param last the last answer, or null when none came
     */
    record Result(boolean reached, AppResponse last, List<String> seen, Duration took) {
        /** What the polls got, repeats counted, e.g. {@code 503 x3, 200}. */
        String describe() {
            List<String> runs = new ArrayList<>();
            for (int i = 0; i < seen.size(); ) {
                int j = i;
                while (j < seen.size() && seen.get(j).equals(seen.get(i))) {
                    j++;
                }
                runs.add(j - i == 1 ? seen.get(i) : seen.get(i) + " x" + (j - i));
                i = j;
            }
            return String.join(", ", runs);
        }
    }

    private StatusPoll() {}

    /**
     * GETs {@code path} every 200 ms until it answers {@code status} or {@code within} has passed; each request
     * has {@code client}'s deadline, and one that gets no answer counts as a poll.
     */
    static Result until(AppClient client, String path, int status, Duration within) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + within.toNanos();
        List<String> seen = new ArrayList<>();
        AppResponse last = null;
        while (true) {
            try {
                last = client.get(path);
                seen.add(String.valueOf(last.status()));
                if (last.status() == status) {
                    return new Result(true, last, seen, Duration.ofNanos(System.nanoTime() - started));
                }
            } catch (AssertionError unanswered) {
                seen.add("no answer (" + unanswered.getMessage() + ")");
            }
            if (System.nanoTime() + 200_000_000L > deadline) {
                return new Result(false, last, seen, Duration.ofNanos(System.nanoTime() - started));
            }
            Thread.sleep(200);
        }
    }
}
