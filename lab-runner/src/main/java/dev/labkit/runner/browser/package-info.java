/**
 * The browser tier: finds the headless Chrome or Chromium this machine already has and its own chromedriver
 * ({@link dev.labkit.runner.browser.BrowserDiscovery}; never downloads one) and starts sessions in it for browser
 * checks ({@link dev.labkit.runner.browser.BrowserLauncher}).
 */
package dev.labkit.runner.browser;
