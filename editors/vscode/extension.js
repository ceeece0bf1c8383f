// Starts `genhe-lint server` for YAML files and connects VS Code's language client to it over stdio.
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

async function activate(context) {
  const config = vscode.workspace.getConfiguration("genhe-lint");
  const lang = config.get("lang", "");
  // "${workspaceFolder}/.venv/bin/genhe-lint": the project's own virtual environment
  const folder = vscode.workspace.workspaceFolders ? vscode.workspace.workspaceFolders[0].uri.fsPath : "";
  const command = config.get("path", "genhe-lint").replace("${workspaceFolder}", folder);
  const server = { command, args: ["server"] };
  client = new LanguageClient("genhe-lint", "genhe-lint", server, {
    documentSelector: [{ scheme: "file", language: "yaml" }],
    initializationOptions: lang ? { lang } : {},
  });
  context.subscriptions.push(client);
  await client.start();
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
