package com.example.lark;

import java.util.List;

/** What {@code POST /api/ask} answers: the answer and the chunks it was drawn from. */
record Answer(String answer, List<Source> sources) {

    /** A retrieved chunk: the document it came from, its text, its relevance score (0-1). */
    record Source(String documentId, String text, double score) {}
}
