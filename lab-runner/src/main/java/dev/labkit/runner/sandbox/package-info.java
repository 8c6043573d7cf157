/**
 * The container sandbox for learners' apps: confined containers, and the socket relays through
 * which an app with no network reaches the lab's own servers and is reached by the grader.
 */
package dev.labkit.runner.sandbox;
