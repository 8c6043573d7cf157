/**
 * HTML reports: {@link dev.labkit.runner.report.html.HtmlReport}, one self-contained offline page per graded
 * submission, and {@link dev.labkit.runner.report.html.ClassIndexHtml}, the class index of {@code lab grade} with
 * inline SVG charts. Pages load nothing: style inline, no script, a Content-Security-Policy that forbids the rest.
 */
package dev.labkit.runner.report.html;
