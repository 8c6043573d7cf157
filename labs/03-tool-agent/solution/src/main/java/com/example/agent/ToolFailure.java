package com.example.agent;

/** A tool call that cannot be carried out; its message goes back to the model after "ERROR: ". */
final class ToolFailure extends Exception {
    ToolFailure(String message) {
        super(message);
    }
}
