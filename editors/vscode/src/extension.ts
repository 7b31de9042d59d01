// The waflow extension: starts `waflow lsp` for JSON files and lets it decide which are flows
// (the same files `waflow check` would check).

import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("waflow.restart", restart),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("waflow")) {
        await restart();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

/** The command line of the server, from the settings. */
function serverOptions(): ServerOptions {
  const settings = vscode.workspace.getConfiguration("waflow");
  const command = settings.get<string>("path") || "waflow";
  const config = settings.get<string>("config");
  const args = config ? ["lsp", "--config", config] : ["lsp"];
  // Untitled buffers are checked with the configuration of the server's working directory:
  // the first workspace folder.
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return { command, args, options: { cwd } };
}

async function start(): Promise<void> {
  const clientOptions: LanguageClientOptions = {
    // Every JSON buffer, saved or not; the server answers only for flows.
    documentSelector: [
      { scheme: "file", language: "json" },
      { scheme: "file", language: "jsonc" },
      { scheme: "untitled", language: "json" },
    ],
  };
  client = new LanguageClient("waflow", "waflow", serverOptions(), clientOptions);
  try {
    await client.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(
      `waflow: the language server did not start (${message}). Check the "waflow.path" setting.`,
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running?.isRunning()) {
    await running.stop();
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}
