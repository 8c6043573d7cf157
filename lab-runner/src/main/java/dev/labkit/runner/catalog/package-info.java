/** Finds labs and reads their manifests ({@code labs/<id>/lab.yaml}). */
package dev.labkit.runner.catalog;
