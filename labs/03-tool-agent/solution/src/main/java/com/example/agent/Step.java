package com.example.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One tool call of a run: what the model asked for, what went back to it, and the error if the
 * call failed ({@code result} then starts with {@code ERROR:}).
 */
record Step(String tool, JsonNode arguments, String result, String error) {}
