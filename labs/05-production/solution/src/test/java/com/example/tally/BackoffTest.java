package com.example.tally;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The retry waits stay within the brief's ranges, whatever the jitter draws. */
class BackoffTest {

    @Test
    void waitsAre200To300MsThen400To600Ms() {
        long min1 = Long.MAX_VALUE, max1 = 0, min2 = Long.MAX_VALUE, max2 = 0;
        for (int i = 0; i < 10_000; i++) {
            long first = ResilientModel.BACKOFF.apply(1);
            long second = ResilientModel.BACKOFF.apply(2);
            min1 = Math.min(min1, first);
            max1 = Math.max(max1, first);
            min2 = Math.min(min2, second);
            max2 = Math.max(max2, second);
        }
        assertTrue(min1 >= 200 && max1 <= 300, "first wait " + min1 + "-" + max1 + " ms");
        assertTrue(min2 >= 400 && max2 <= 600, "second wait " + min2 + "-" + max2 + " ms");
        // the jitter really spreads: not stuck at one end of the range
        assertTrue(max1 - min1 > 50 && max2 - min2 > 100, "waits " + min1 + "-" + max1 + ", " + min2 + "-" + max2);
    }
}
