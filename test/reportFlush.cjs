/* global process */
// Loaded (--require) into every test file's process by test/runTests.mjs. Each file's process reports its results
// to the runner over a pipe, and with --test-force-exit it exits as soon as its last test ends; on Linux a pipe's
// writes are asynchronous, so the reports still queued were lost and a test's verdict silently went missing (a
// run counted 632 of 633 tests and passed; nodejs/node#64833). Blocking writes deliver every report before exit.
const handle = process.stdout._handle;
if (handle && typeof handle.setBlocking === 'function') handle.setBlocking(true);
