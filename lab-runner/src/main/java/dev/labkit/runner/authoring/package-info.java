/** Writing labs: {@code lab new} makes a lab folder from the template or from another lab. */
package dev.labkit.runner.authoring;
