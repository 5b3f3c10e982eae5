// Launching Debian's Chromium and Firefox ESR with puppeteer-core, and the checks every page test
// needs: console and page errors collected, every request counted.
import puppeteer from 'puppeteer-core';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const DEMO_URL = pathToFileURL(join(ROOT, 'dist/demo-atlas.html')).href;

export async function launch(name) {
  if (name === 'chromium') {
    return puppeteer.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      userDataDir: mkdtempSync(join(tmpdir(), 'sa-chromium-')),
      args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info', '--js-flags=--expose-gc', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars'],
    });
  }
  return puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    userDataDir: mkdtempSync(join(tmpdir(), 'sa-firefox-')),
    extraPrefsFirefox: {
      // keep Firefox's default file:// rules (each file its own origin)
      'security.fileuri.strict_origin_policy': true,
      'network.captive-portal-service.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'app.update.enabled': false,
      'network.connectivity-service.enabled': false,
    },
  });
}

/** A page that records console errors, page errors and every request it makes. */
export async function openPage(browser, url, { width = 1200, height = 800 } = {}) {
  const page = await browser.newPage();
  await page.setViewport({ width, height, deviceScaleFactor: 1 });
  const errors = [];
  const requests = [];
  const dataUrls = [];
  const blobUrls = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
  page.on('pageerror', (e) => errors.push('pageerror: ' + (e && e.message)));
  // Every request the page makes. `data:` URLs are in-memory, not network: Firefox's own UA
  // stylesheet (html.css, -moz-bullet-font) loads one for list bullets. `blob:` URLs are memory the
  // page made itself (Chromium lists the reader's worker script). Both are kept apart.
  page.on('request', (r) => {
    const u = r.url();
    (u.startsWith('data:') ? dataUrls : u.startsWith('blob:') ? blobUrls : requests).push(u);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors, requests, dataUrls, blobUrls };
}

export const BROWSERS = ['chromium', 'firefox'];

/** What axe-core (the accessibility engine of Deque, as auditors use it) finds against WCAG 2.1 A
 * and AA in the page as it is: `[{id, impact, help, nodes}]`, none wanted. */
const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

