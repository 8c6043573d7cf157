package dev.labkit.runner.validate;

import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.LabChecks;
import dev.labkit.checks.sdk.Tier;

/** A suite without a mistake, for {@link StaticChecksTests}; never run (only its declarations are read). */
@LabChecks
public class SoundSampleChecks {

    @Check(id = "health", title = "Answers /health", points = 40, hint = "Answer GET /health with 200.")
    void health() {}

    @Check(id = "sample.reply", title = "Relays the reply", points = 60, hint = "Return the model's text.")
    void reply() {}

    @Check(id = "live.sample", title = "With a real model: answers", points = 5, hint = "Ask the model.",
            tier = Tier.LIVE, models = "chat")
    void live() {}
}
