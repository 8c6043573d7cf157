package dev.labkit.runner.validate;

import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.LabChecks;
import dev.labkit.checks.sdk.Tier;

/** A suite with one of each mistake validation finds, for {@link StaticChecksTests}; never run. */
@LabChecks
public class FlawedSampleChecks {

    @Check(id = "health", title = "Answers /health", points = 5, hint = "Answer GET /health with 200.")
    void health() {}

    @Check(id = "", title = "Has no id", points = 10, hint = "h")
    void blankId() {}

    @Check(id = "sample.no-title", title = " ", points = 10, hint = "h")
    void noTitle() {}

    @Check(id = "sample.zero", title = "Worth nothing", points = 0, hint = "h")
    void zero() {}

    @Check(id = "sample.no-hint", title = "Has no hint", points = 20)
    void noHint() {}

    @Check(id = "sample.twice", title = "Declared twice (A)", points = 30, hint = "h")
    void twiceA() {}

    @Check(id = "sample.twice", title = "Declared twice (B)", points = 30, hint = "h")
    void twiceB() {}

    @Check(id = "live.sample", title = "With a real model: describes the picture", points = 5, hint = "h",
            tier = Tier.LIVE, models = "vision")
    void live() {}
}
