package com.example.tally;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void aValidIdIsKept() {
        assertEquals("req.1:a-b_C", RequestIds.accept("req.1:a-b_C"));
        assertEquals("x".repeat(128), RequestIds.accept("x".repeat(128)));
    }

    @Test
    void anInvalidOrMissingIdIsReplacedByANewOne() {
        for (String bad : new String[] {null, "", "has space", "x".repeat(129), "semi;colon", "é"}) {
            String id = RequestIds.accept(bad);
            assertNotEquals(bad, id);
            assertEquals(36, id.length(), id); // a UUID
        }
        assertNotEquals(RequestIds.accept(null), RequestIds.accept(null));
    }
}
