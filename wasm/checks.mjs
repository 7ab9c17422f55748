// The pass/fail lines check.mjs and bot.mjs print, and the count
// embedded-example/ci.sh tallies.

export function checks(part) {
  let passed = 0;
  let failed = 0;
  return {
    // One line: `ok   NAME: DETAIL` or `FAIL NAME: DETAIL`.
    check(name, ok, detail = "") {
      if (ok) passed++;
      else failed++;
      console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
    },
    // Prints `PART: N passed, M failed` and exits, 1 on any failure.
    done() {
      console.log(`${part}: ${passed} passed, ${failed} failed`);
      process.exit(failed === 0 ? 0 : 1);
    },
  };
}
